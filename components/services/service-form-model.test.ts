import { describe, expect, it } from "vitest";
import { breakerOptionsSchema } from "@/lib/engine/breaker/options";
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
});
