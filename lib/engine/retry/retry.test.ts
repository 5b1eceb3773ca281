import { describe, expect, it, vi } from "vitest";
import { createCircuitBreaker } from "../breaker/circuit-breaker";
import { CircuitOpenError, RetryBudgetExhaustedError } from "../errors";
import { FakeClock } from "../fake-clock";
import { createRetry, type AttemptResult } from "./retry";

function setup(options = {}) {
  const clock = new FakeClock();
  const retry = createRetry({ jitter: "none", ...options }, { clock, random: () => 0.5 });
  return { clock, retry };
}

const fail = <T>(error: unknown): AttemptResult<T> => ({ kind: "error", error, verdict: { outcome: "failure" } });

describe("retry", () => {
  it("retries up to maxAttempts (including the first) with exponential delays", async () => {
    const { clock, retry } = setup({ maxAttempts: 4 });
    const delays: number[] = [];
    retry.on("retry", (e) => delays.push(e.delayMs));
    const fn = vi.fn(() => Promise.reject(new Error("down")));
    const done = retry.execute(fn).catch((e: unknown) => e);
    await clock.runAllAsync();
    expect(await done).toMatchObject({ message: "down" });
    expect(fn).toHaveBeenCalledTimes(4);
    expect(delays).toEqual([100, 200, 400]);
  });

  it("waits on the clock between attempts (no attempt before its delay)", async () => {
    const { clock, retry } = setup();
    let n = 0;
    const done = retry.execute(async () => {
      if (++n < 2) throw new Error("again");
      return "ok";
    });
    await clock.advanceAsync(99);
    expect(n).toBe(1);
    await clock.advanceAsync(1);
    expect(await done).toBe("ok");
  });

  it("stops when the predicate says not retryable", async () => {
    const { retry } = setup();
    const fn = vi.fn(() => Promise.reject(new Error("400")));
    await expect(retry.execute(fn, { classify: () => ({ outcome: "failure", retryable: false }) })).rejects.toThrow("400");
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("never retries a non-idempotent call", async () => {
    const { retry } = setup();
    const outcome = await retry.run<string>(async () => fail(new Error("x")), { idempotent: false });
    expect(outcome).toMatchObject({ attempts: 1, stop: "not_idempotent" });
  });

  it("honours a suggested delay up to maxDelayMs, and gives up on a longer one", async () => {
    const { clock, retry } = setup({ maxDelayMs: 1_000 });
    const delays: { delayMs: number; fromRetryAfter: boolean }[] = [];
    retry.on("retry", (e) => delays.push(e));
    let n = 0;
    const done = retry.run<string>(async () =>
      ++n === 1
        ? { kind: "value", value: "503", verdict: { outcome: "failure", retryAfterMs: 700 } }
        : { kind: "value", value: "200", verdict: { outcome: "success" } },
    );
    await clock.runAllAsync();
    expect(await done).toMatchObject({ kind: "value", value: "200", attempts: 2 });
    expect(delays).toEqual([expect.objectContaining({ delayMs: 700, fromRetryAfter: true })]);

    const long = await retry.run<string>(async () => ({
      kind: "value",
      value: "503",
      verdict: { outcome: "failure", retryAfterMs: 5_000 },
    }));
    expect(long).toMatchObject({ kind: "value", value: "503", attempts: 1, stop: "retry_after_too_long" });
  });

  it("returns the last failed value when attempts are exhausted", async () => {
    const { clock, retry } = setup();
    const discarded: unknown[] = [];
    const done = retry.run<number>(async (n) => ({ kind: "value", value: n, verdict: { outcome: "failure" } }), {
      discard: (v) => discarded.push(v),
    });
    await clock.runAllAsync();
    expect(await done).toMatchObject({ kind: "value", value: 3, attempts: 3, stop: "max_attempts" });
    expect(discarded).toEqual([1, 2]);
  });

  it("stops at the budget and reports it; execute() wraps the last error", async () => {
    const { clock, retry } = setup({ maxAttempts: 5 });
    const giveUps: string[] = [];
    retry.on("giveUp", (e) => giveUps.push(e.stop));
    for (let i = 0; i < 10; i++) expect(retry.budget.tryRetry()).toBe(true); // use up the 1/s floor
    const done = retry.execute(() => Promise.reject(new Error("down"))).catch((e: unknown) => e);
    await clock.runAllAsync();
    const error = await done;
    expect(error).toBeInstanceOf(RetryBudgetExhaustedError);
    expect((error as Error).cause).toMatchObject({ message: "down" });
    expect(giveUps).toEqual(["budget_exhausted"]);
  });

  it("does not retry past the deadline", async () => {
    const { clock, retry } = setup();
    const outcome = await retry.run<string>(async () => fail(new Error("x")), { deadlineAt: clock.now() + 50 });
    expect(outcome).toMatchObject({ attempts: 1, stop: "deadline" });
  });

  it("stops when the caller aborts during the backoff", async () => {
    const { clock, retry } = setup();
    const controller = new AbortController();
    const done = retry.run<string>(async () => fail(new Error("x")), { signal: controller.signal });
    await clock.advanceAsync(10);
    controller.abort();
    expect(await done).toMatchObject({ attempts: 1, stop: "aborted", error: { code: "cancelled" } });
  });

  it("regression: a retry still ran the operation while the breaker was open", async () => {
    const clock = new FakeClock();
    const breaker = createCircuitBreaker({ consecutiveFailures: 1 }, { clock });
    const retry = createRetry({ maxAttempts: 5, jitter: "none" }, { clock });
    const fn = vi.fn(() => Promise.reject(new Error("down")));
    const done = retry.execute(fn, { breaker }).catch((e: unknown) => e);
    await clock.runAllAsync();
    expect(fn).toHaveBeenCalledTimes(1); // the first failure opened the breaker; no more attempts ran
    expect(await done).toMatchObject({ message: "down" });
    await expect(retry.execute(fn, { breaker })).rejects.toBeInstanceOf(CircuitOpenError);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe("retry: regressions found by the gateway tests", () => {
  it("regression: retries a success the classifier marks retryable (a retryOn status the breaker counts as success)", async () => {
    const { clock, retry } = setup({ maxAttempts: 3 });
    let n = 0;
    const done = retry.execute(async () => (++n < 3 ? 503 : 200), {
      classify: (o) => (o.ok && o.value === 503 ? { outcome: "success", retryable: true } : { outcome: "success" }),
    });
    await clock.runAllAsync();
    expect(await done).toBe(200);
    expect(n).toBe(3);
  });

  it("regression: an edited budgetPercent applies to the next calls", async () => {
    const { clock, retry } = setup({ maxAttempts: 2, budgetPercent: 0 });
    const failing = () => retry.execute(() => Promise.reject(new Error("down"))).catch(() => undefined);
    // with 0 % only the floor (10 retries per 10 s) is allowed
    for (let i = 0; i < 30; i++) void failing();
    await clock.runAllAsync();
    expect(retry.budget.stats().retries).toBe(10);
    retry.updateOptions({ budgetPercent: 100 });
    for (let i = 0; i < 30; i++) void failing();
    await clock.runAllAsync();
    expect(retry.budget.stats().retries).toBe(40);
  });
});
