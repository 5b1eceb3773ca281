import { describe, expect, it } from "vitest";
import { Cancellation, toAbortSignal } from "./cancellation";
import { FakeClock } from "./fake-clock";
import { CancelledError, TimeoutError } from "./errors";
import { runCancellable } from "./timeout/timeout";

describe("Cancellation", () => {
  it("calls its listeners once with the reason, and a signal asked for later is already aborted with it", () => {
    const c = new Cancellation();
    const seen: unknown[] = [];
    const removed = (r: unknown) => seen.push(["removed", r]);
    c.onAbort((r) => seen.push(r));
    c.onAbort(removed);
    c.offAbort(removed);
    const reason = new Error("gone");
    c.abort(reason);
    c.abort(new Error("again"));
    expect(seen).toEqual([reason]);
    expect(c.signal.aborted).toBe(true);
    expect(c.signal.reason).toBe(reason);
  });

  it("aborts a signal made before the abort", () => {
    const c = new Cancellation();
    const s = toAbortSignal(c)!;
    expect(s.aborted).toBe(false);
    c.abort("why");
    expect(s.aborted).toBe(true);
    expect(s.reason).toBe("why");
  });
});

describe("runCancellable", () => {
  it("aborts the attempt's cancellation with the TimeoutError when the timeout fires", async () => {
    const clock = new FakeClock();
    let attempt: Cancellation | undefined;
    const p = runCancellable((c) => {
      attempt = c;
      return new Promise<never>(() => {});
    }, { timeoutMs: 100, clock });
    clock.advance(100);
    await expect(p).rejects.toBeInstanceOf(TimeoutError);
    expect(attempt!.aborted).toBe(true);
    expect(attempt!.reason).toBeInstanceOf(TimeoutError);
  });

  it("follows a caller's Cancellation: CancelledError, and nothing fires after it settled", async () => {
    const clock = new FakeClock();
    const caller = new Cancellation();
    let attempt: Cancellation | undefined;
    const p = runCancellable((c) => {
      attempt = c;
      return new Promise<never>(() => {});
    }, { timeoutMs: 100, clock, signal: caller });
    caller.abort(new Error("client gone"));
    await expect(p).rejects.toBeInstanceOf(CancelledError);
    expect(attempt!.reason).toBeInstanceOf(CancelledError);
    const done = await runCancellable(() => 7, { timeoutMs: 100, clock, signal: caller }).catch((e: unknown) => e);
    expect(done).toBeInstanceOf(CancelledError);
  });
});
