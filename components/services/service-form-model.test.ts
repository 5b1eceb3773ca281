import { describe, expect, it } from "vitest";
import { breakerOptionsSchema } from "@/lib/engine/breaker/options";
import { serviceSchema } from "@/lib/contracts/services";
import { BREAKER, buildServiceBody, checkService, initialServiceValues, placeServiceErrors } from "./service-form-model";

const fresh = (): Record<string, string> => ({ ...initialServiceValues(null).values, name: "orders", baseUrl: "http://127.0.0.1:9" });
const messages = (v: Record<string, string>, perUser = false, isNew = true) => placeServiceErrors(checkService(v, perUser, isNew));

describe("service form model", () => {
  it("starts from the schema's defaults and sends what the schema accepts", () => {
    const v = fresh();
    expect(v["breaker.window.type"]).toBe("count");
    expect(messages(v)).toEqual({});
    const { body } = buildServiceBody({ ...v, "breaker.window.type": "time", "breaker.window.seconds": "30" }, false);
    expect(body).toMatchObject({ name: "orders", breaker: { window: { type: "time", seconds: 30 } } });
    expect(body).not.toHaveProperty("perUserBulkhead");
  });

  it("places list items and window sizes on their fields", () => {
    expect(messages({ ...fresh(), "retry.retryOn": "502, abc", "breaker.window.size": "0", timeoutMs: "" })).toMatchObject({
      "retry.retryOn": "must be a comma-separated list of HTTP status codes",
      "breaker.window.size": "must be at least 1",
      timeoutMs: "is required",
    });
    expect(messages({ ...fresh(), "breaker.failureStatusCodes": "500, 700" })).toEqual({ "breaker.failureStatusCodes": "must be at most 599" });
    expect(messages({ ...fresh(), "perUserBulkhead.key": "cookie:x" }, true)["perUserBulkhead.key"]).toBeTruthy();
    // an existing service's name is fixed and not checked
    expect(messages({ ...fresh(), name: "" }, false, false)).toEqual({});
  });

  it("offers the half-open wait exactly when the shared schema has it (default 60000 ms)", () => {
    const known = "maxWaitInHalfOpenMs" in breakerOptionsSchema.shape;
    expect(BREAKER.some((s) => s.path === "breaker.maxWaitInHalfOpenMs")).toBe(known);
    if (known) {
      expect(fresh()["breaker.maxWaitInHalfOpenMs"]).toMatch(/^\d+$/);
      expect(buildServiceBody({ ...fresh(), "breaker.maxWaitInHalfOpenMs": "0" }, false).body).toMatchObject({ breaker: { maxWaitInHalfOpenMs: 0 } });
    }
  });

  it("leaves the adaptive limit out while it is off, and sends only the chosen algorithm's options", () => {
    const v = fresh();
    expect(v["bulkhead.adaptive.algorithm"]).toBe("off");
    expect(buildServiceBody(v, false).body).not.toHaveProperty("bulkhead.adaptive");
    const aimd = buildServiceBody({ ...v, "bulkhead.adaptive.algorithm": "aimd", "bulkhead.adaptive.maxLimit": "50" }, false).body;
    expect(aimd).toMatchObject({ bulkhead: { adaptive: { algorithm: "aimd", minLimit: 4, maxLimit: 50, initialLimit: 20, backoffRatio: 0.9, latencyThresholdMs: 1000 } } });
    expect(aimd).not.toHaveProperty("bulkhead.adaptive.tolerance");
    expect(messages({ ...v, "bulkhead.adaptive.algorithm": "gradient2" })).toEqual({});
  });

  it("shows the adaptive options' messages on their fields", () => {
    const g = { ...fresh(), "bulkhead.adaptive.algorithm": "gradient2" };
    expect(messages({ ...g, "bulkhead.adaptive.minLimit": "30", "bulkhead.adaptive.maxLimit": "10" })["bulkhead.adaptive.maxLimit"]).toMatch(/minLimit/);
    expect(messages({ ...g, "bulkhead.adaptive.tolerance": "0.5", "bulkhead.adaptive.initialLimit": "" })).toMatchObject({
      "bulkhead.adaptive.tolerance": "must be at least 1",
      "bulkhead.adaptive.initialLimit": "is required",
    });
    expect(messages({ ...fresh(), "bulkhead.adaptive.algorithm": "aimd", "bulkhead.adaptive.backoffRatio": "2" })).toEqual({ "bulkhead.adaptive.backoffRatio": "must be at most 0.99" });
  });

  it("edits an adaptive service as it is, keeping the other algorithm's defaults at hand", () => {
    const stored = serviceSchema.parse({ name: "orders", baseUrl: "http://127.0.0.1:9", bulkhead: { adaptive: { algorithm: "aimd", minLimit: 2, maxLimit: 40, initialLimit: 8, latencyThresholdMs: 250 } } });
    const dto = { ...stored, source: "api" as const, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z" };
    const { values } = initialServiceValues(dto);
    expect(values["bulkhead.adaptive.algorithm"]).toBe("aimd");
    expect(values["bulkhead.adaptive.tolerance"]).toBe("1.25");
    expect(buildServiceBody(values, false).body.bulkhead).toEqual(stored.bulkhead);
    // switching to gradient2 keeps the shared bounds
    expect(buildServiceBody({ ...values, "bulkhead.adaptive.algorithm": "gradient2" }, false).body).toMatchObject({ bulkhead: { adaptive: { algorithm: "gradient2", minLimit: 2, maxLimit: 40, initialLimit: 8, tolerance: 1.25 } } });
  });
});
