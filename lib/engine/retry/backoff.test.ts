import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, type BackoffOptions } from "./backoff";
import { FakeClock } from "../fake-clock";
import { createRetry } from "./retry";
import { DEFAULT_RETRY_OPTIONS, MAX_MULTIPLIER, MAX_RETRY_DELAY_MS, retryOptionsSchema } from "./options";

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

  it("regression: a zero initial delay with a huge multiplier gave NaN (0 × Infinity)", () => {
    const o = { initialDelayMs: 0, maxDelayMs: 1_000, multiplier: 1e200, jitter: "none" as const };
    expect(backoffDelay(3, 0, o, () => 0.5)).toBe(0);
    expect(() => createRetry(o)).toThrow(/multiplier/); // such a multiplier is refused up front
    expect(createRetry({ ...o, multiplier: MAX_MULTIPLIER }).delayFor(300)).toBe(0);
    expect(retryOptionsSchema.safeParse({ maxDelayMs: 1e12 }).success).toBe(false);
  });

  it("every delay is finite and within [0, maxDelayMs] for every option the schema accepts", () => {
    const options = fc.record({
      maxAttempts: fc.integer({ min: 1, max: 100 }),
      initialDelayMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: MAX_RETRY_DELAY_MS })),
      extra: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: MAX_RETRY_DELAY_MS })),
      multiplier: fc.oneof(fc.constantFrom(1, MAX_MULTIPLIER), fc.double({ min: 1, max: MAX_MULTIPLIER, noNaN: true })),
      jitter: fc.constantFrom("none" as const, "full" as const, "equal" as const, "decorrelated" as const),
    });
    fc.assert(
      fc.property(options, fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (input, retry, r) => {
        const parsed = retryOptionsSchema.safeParse({ ...input, extra: undefined, maxDelayMs: Math.min(MAX_RETRY_DELAY_MS, input.initialDelayMs + input.extra) });
        if (!parsed.success) return; // only what the schema accepts
        const o = parsed.data;
        let previous = 0;
        for (const n of [1, 2, retry, retry + 1]) {
          const d = backoffDelay(n, previous, o, () => r);
          expect(Number.isFinite(d)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(o.maxDelayMs);
          previous = d;
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it("regression: retries with a NaN delay ignored the deadline", async () => {
    const clock = new FakeClock();
    const bad = retryOptionsSchema.safeParse({ maxAttempts: 100, initialDelayMs: 0, multiplier: 1_500 });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["multiplier"]);
    const retry = createRetry({ maxAttempts: 100, initialDelayMs: 0, maxDelayMs: 1_000, multiplier: MAX_MULTIPLIER, jitter: "none", budgetPercent: 100 }, { clock });
    const delays: number[] = [];
    retry.on("retry", (e) => delays.push(e.delayMs));
    let attempts = 0;
    const outcome = retry.run(
      async () => {
        attempts++;
        clock.advance(1);
        return { kind: "error", error: new Error("down"), verdict: { outcome: "failure", retryable: true } };
      },
      { deadlineAt: clock.now() + 5 },
    );
    await clock.runAllAsync();
    const result = await outcome;
    expect({ stop: result.stop, attempts: result.attempts }).toEqual({ stop: "deadline", attempts: 5 });
    expect(delays.every((d) => Number.isFinite(d) && d >= 0 && d <= 1_000)).toBe(true);
    expect(attempts).toBeLessThan(100);
  });
});
