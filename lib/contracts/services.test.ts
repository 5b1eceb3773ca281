import { describe, expect, it } from "vitest";
import { serviceSchema, configFileSchema } from "./services";
import { zodIssuesToDetails } from "./errors";

const detailsOf = (input: unknown) => {
  const r = serviceSchema.safeParse(input);
  expect(r.success).toBe(false);
  return zodIssuesToDetails(r.error!.issues);
};

describe("service schema", () => {
  it("fills every documented default (docs/GATEWAY.md) for a minimal service", () => {
    const s = serviceSchema.parse({ name: "payments", baseUrl: "http://127.0.0.1:9001" });
    expect(s).toEqual({
      name: "payments",
      baseUrl: "http://127.0.0.1:9001",
      timeoutMs: 10000,
      breaker: {
        failureRateThreshold: 50, slowCallRateThreshold: 100, slowCallDurationMs: 5000, consecutiveFailures: 0,
        window: { type: "count", size: 100 }, minimumCalls: 20, waitInOpenMs: 30000, maxWaitInOpenMs: 300000,
        halfOpenMaxCalls: 3, successThreshold: 3, maxWaitInHalfOpenMs: 60000, failureStatusCodes: [500, 502, 503, 504],
      },
      bulkhead: { maxConcurrent: 100, maxQueue: 50, queueTimeoutMs: 1000 },
      retry: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 2000, multiplier: 2, jitter: "full", retryOn: [502, 503, 504], budgetPercent: 20 },
      cluster: { tripQuorum: 1 },
    });
    expect(s.perUserBulkhead).toBeUndefined();
  });

  it("merges a partial block over its defaults and accepts a time window", () => {
    const s = serviceSchema.parse({
      name: "a", baseUrl: "https://up.example/api",
      breaker: { failureRateThreshold: 25, window: { type: "time", seconds: 60 } },
      perUserBulkhead: { maxConcurrent: 2 },
    });
    expect(s.breaker.failureRateThreshold).toBe(25);
    expect(s.breaker.minimumCalls).toBe(20);
    expect(s.breaker.window).toEqual({ type: "time", seconds: 60 });
    expect(s.perUserBulkhead).toEqual({ key: "header:x-user-id", maxConcurrent: 2, maxQueue: 0, queueTimeoutMs: 0, maxKeys: 10000 });
  });

  it("names each bad field by its path", () => {
    const paths = detailsOf({
      name: "Bad Name", baseUrl: "ftp://x", timeoutMs: 0,
      breaker: { failureRateThreshold: 150, window: { type: "count", size: 0 } },
      retry: { jitter: "wild" }, perUserBulkhead: { key: "cookie:x" },
    }).map((d) => d.path);
    expect(paths.sort()).toEqual(["baseUrl", "breaker.failureRateThreshold", "breaker.window.size", "name", "perUserBulkhead.key", "retry.jitter", "timeoutMs"]);
  });

  it("reports unknown fields (typos) instead of ignoring them", () => {
    expect(detailsOf({ name: "a", baseUrl: "http://x", breaker: { failureRateTreshold: 10 } })).toEqual([
      { path: "breaker.failureRateTreshold", message: "is not a known field" },
    ]);
  });

  it("checks cross-field rules", () => {
    expect(detailsOf({ name: "a", baseUrl: "http://x", breaker: { waitInOpenMs: 5000, maxWaitInOpenMs: 1000 } })[0]!.path).toBe("breaker.maxWaitInOpenMs");
  });

  it("validates a config file's services by index", () => {
    const r = configFileSchema.safeParse({ services: [{ name: "ok", baseUrl: "http://x" }, { name: "bad" }] });
    expect(zodIssuesToDetails(r.error!.issues).map((d) => d.path)).toEqual(["services.1.baseUrl"]);
  });

  it("bounds every duration and count: a huge value is refused, naming the field", () => {
    const huge = Number.MAX_SAFE_INTEGER;
    const fields: Record<string, string[]> = {
      "": ["timeoutMs"],
      breaker: ["slowCallDurationMs", "consecutiveFailures", "minimumCalls", "waitInOpenMs", "maxWaitInOpenMs", "halfOpenMaxCalls", "successThreshold", "maxWaitInHalfOpenMs"],
      bulkhead: ["maxConcurrent", "maxQueue", "queueTimeoutMs"],
      perUserBulkhead: ["maxConcurrent", "maxQueue", "queueTimeoutMs", "maxKeys"],
      retry: ["maxAttempts", "initialDelayMs", "maxDelayMs", "multiplier", "budgetPercent"],
      cluster: ["tripQuorum"],
    };
    for (const [block, names] of Object.entries(fields)) {
      for (const field of names) {
        const input = block === "" ? { [field]: huge } : { [block]: { [field]: huge } };
        const details = detailsOf({ name: "a", baseUrl: "http://x", ...input });
        expect(details.map((d) => d.path)).toContain(block === "" ? field : `${block}.${field}`);
      }
    }
    for (const window of [{ type: "count", size: huge }, { type: "time", seconds: huge }]) {
      expect(detailsOf({ name: "a", baseUrl: "http://x", breaker: { window } })[0]!.path).toMatch(/^breaker\.window\./);
    }
    expect(detailsOf({ name: "a", baseUrl: "http://x", breaker: { waitInOpenMs: huge, maxWaitInOpenMs: huge } })[0]).toEqual({
      path: "breaker.waitInOpenMs",
      message: "must be at most 86400000 ms (24 h)",
    });
  });

  it("half-open without a verdict re-opens after a minute by default; 0 disables it", () => {
    expect(serviceSchema.parse({ name: "a", baseUrl: "http://x", breaker: { waitInOpenMs: 1000 } }).breaker.maxWaitInHalfOpenMs).toBe(60_000);
    expect(serviceSchema.parse({ name: "a", baseUrl: "http://x", breaker: { maxWaitInHalfOpenMs: 0 } }).breaker.maxWaitInHalfOpenMs).toBe(0);
  });

  it("bulkhead.adaptive: absent = static; an algorithm fills its defaults; bad fields are named", () => {
    expect(serviceSchema.parse({ name: "a", baseUrl: "http://x" }).bulkhead.adaptive).toBeUndefined();
    const s = serviceSchema.parse({ name: "a", baseUrl: "http://x", bulkhead: { adaptive: { algorithm: "aimd", maxLimit: 50 } } });
    expect(s.bulkhead.adaptive).toMatchObject({ algorithm: "aimd", minLimit: 4, maxLimit: 50, initialLimit: 20, backoffRatio: 0.9 });
    expect(detailsOf({ name: "a", baseUrl: "http://x", bulkhead: { adaptive: { algorithm: "vegas" } } })).toEqual([
      { path: "bulkhead.adaptive.algorithm", message: 'must be "gradient2" or "aimd"' },
    ]);
    const paths = detailsOf({ name: "a", baseUrl: "http://x", bulkhead: { adaptive: { algorithm: "gradient2", minLimit: 50, maxLimit: 10, tolrance: 2 } } }).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["bulkhead.adaptive.maxLimit", "bulkhead.adaptive.tolrance"]));
  });
});
