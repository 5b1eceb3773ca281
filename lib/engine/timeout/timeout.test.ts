import { describe, expect, it } from "vitest";
import { CancelledError, TimeoutError, isBreakwaterError } from "../errors";
import { FakeClock } from "../fake-clock";
import { DEFAULT_TIMEOUT_OPTIONS } from "./options";
import { createTimeout, runWithTimeout, sleep } from "./timeout";

describe("timeout", () => {
  it("has the documented defaults", () => {
    expect(DEFAULT_TIMEOUT_OPTIONS).toEqual({ timeoutMs: 10_000, deadlineMs: 0 });
  });

  it("rejects with TimeoutError and aborts the attempt's signal when time runs out", async () => {
    const clock = new FakeClock();
    let seen: AbortSignal | undefined;
    const done = runWithTimeout((signal) => {
      seen = signal;
      return new Promise<string>(() => {}); // ignores its signal
    }, { timeoutMs: 100, clock }).catch((e: unknown) => e);
    await clock.advanceAsync(100);
    const error = await done;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(isBreakwaterError(error, "timeout")).toBe(true);
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(error);
  });

  it("resolves and clears its timer when the operation finishes first", async () => {
    const clock = new FakeClock();
    await expect(runWithTimeout(async () => 5, { timeoutMs: 100, clock })).resolves.toBe(5);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("the caller's signal cancels the attempt", async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const done = runWithTimeout(() => new Promise<never>(() => {}), { timeoutMs: 0, clock, signal: controller.signal });
    controller.abort("client gone");
    const error: unknown = await done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).cause).toBe("client gone");
  });

  it("a synchronous throw becomes a rejection", async () => {
    const clock = new FakeClock();
    await expect(
      runWithTimeout(() => {
        throw new Error("sync");
      }, { timeoutMs: 10, clock }),
    ).rejects.toThrow("sync");
  });

  it("createTimeout() applies timeoutMs; sleep() waits on the clock and can be aborted", async () => {
    const clock = new FakeClock();
    const policy = createTimeout({ timeoutMs: 50 }, { clock });
    const done = policy.execute(() => new Promise<never>(() => {})).catch((e: unknown) => e);
    await clock.advanceAsync(50);
    expect(await done).toMatchObject({ code: "timeout", timeoutMs: 50, scope: "attempt" });

    let woke = false;
    void sleep(30, clock).then(() => (woke = true));
    await clock.advanceAsync(29);
    expect(woke).toBe(false);
    await clock.advanceAsync(1);
    expect(woke).toBe(true);
    const controller = new AbortController();
    const s = sleep(30, clock, controller.signal);
    controller.abort();
    await expect(s).rejects.toBeInstanceOf(CancelledError);
    expect(clock.pendingTimers()).toBe(0);
  });
});
