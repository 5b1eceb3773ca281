import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, type BackoffOptions } from "./backoff";
import { DEFAULT_RETRY_OPTIONS, retryOptionsSchema } from "./options";

const base: BackoffOptions = { initialDelayMs: 100, maxDelayMs: 2_000, multiplier: 2, jitter: "none" };

describe("backoff", () => {
  it("has the documented retry defaults", () => {
    expect(DEFAULT_RETRY_OPTIONS).toEqual({
      maxAttempts: 3,
      initialDelayMs: 100,
      maxDelayMs: 2000,
      multiplier: 2,
      jitter: "full",
      retryOn: [502, 503, 504],
      budgetPercent: 20,
    });
    expect(retryOptionsSchema.safeParse({ initialDelayMs: 500, maxDelayMs: 100 }).success).toBe(false);
  });

  it("grows exponentially and caps at maxDelayMs without jitter", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 0, base, () => 0.5))).toEqual([100, 200, 400, 800, 1_600, 2_000]);
  });

  it("full jitter is uniform in [0, exp], equal jitter in [exp/2, exp]", () => {
    expect(backoffDelay(3, 0, { ...base, jitter: "full" }, () => 0)).toBe(0);
    expect(backoffDelay(3, 0, { ...base, jitter: "full" }, () => 0.5)).toBe(200);
    expect(backoffDelay(3, 0, { ...base, jitter: "equal" }, () => 0)).toBe(200);
    expect(backoffDelay(3, 0, { ...base, jitter: "equal" }, () => 0.5)).toBe(300);
  });

  it("decorrelated jitter lies between the initial delay and three times the previous delay", () => {
    const o = { ...base, jitter: "decorrelated" as const };
    expect(backoffDelay(2, 300, o, () => 0)).toBe(100);
    expect(backoffDelay(2, 300, o, () => 0.5)).toBe(500);
  });

  it("regression: jitter exceeded the maximum delay", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("none" as const, "full" as const, "equal" as const, "decorrelated" as const),
        fc.integer({ min: 0, max: 1_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.oneof(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.constantFrom(0.999999999, 1, 1.5, -1, Number.NaN)),
        (jitter, initialDelayMs, extra, multiplier, retry, previous, r) => {
          const o = { initialDelayMs, maxDelayMs: initialDelayMs + extra, multiplier, jitter };
          const d = backoffDelay(retry, previous, o, () => r);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(o.maxDelayMs);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
