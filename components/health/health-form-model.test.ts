import { describe, expect, it } from "vitest";
import { buildHealthBody, checkHealth, initialHealthValues, placeHealthErrors, type HealthValues } from "./health-form-model";

const base = (over: Partial<HealthValues> = {}): HealthValues => ({ ...initialHealthValues(null, ["orders"]), target: "http://127.0.0.1:9/healthz", ...over });
const messages = (v: HealthValues) => placeHealthErrors(checkHealth(v), v);

describe("health check form model", () => {
  it("sends only the chosen protocol's options", () => {
    const { body, pre } = buildHealthBody(base({ "options.headers": "Authorization: Bearer x\n", "options.serviceName": "ignored" }));
    expect(pre).toEqual({});
    expect(body).toMatchObject({ service: "orders", protocol: "http", intervalMs: 10_000, timeoutMs: 2_000 });
    expect(body.options).toEqual({ method: "GET", expectStatus: "200-399", bodyMatch: "substring", headers: { Authorization: "Bearer x" }, followRedirects: false, insecureSkipVerify: false });
    expect(buildHealthBody(base({ protocol: "tcp", target: "127.0.0.1:9" })).body.options).toEqual({});
    expect(messages(base())).toEqual({});
  });

  it("puts every message on a field the protocol shows", () => {
    expect(messages(base({ timeoutMs: "20000", intervalMs: "" }))).toMatchObject({ intervalMs: "is required" });
    expect(messages(base({ timeoutMs: "10000" })).timeoutMs).toMatch(/shorter than intervalMs/);
    expect(messages(base({ "options.expectStatus": "2xx" }))["options.expectStatus"]).toBeTruthy();
    expect(messages(base({ "options.headers": "no colon here" }))["options.headers"]).toMatch(/is not "Name: value"/);
    expect(messages(base({ protocol: "custom", "options.config": "[1]" }))["options.config"]).toMatch(/JSON object/);
    expect(messages(base({ healthyThreshold: "1.5" })).healthyThreshold).toBe("must be a whole number");
  });
});
