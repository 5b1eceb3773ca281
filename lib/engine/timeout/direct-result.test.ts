// runTimed with a DirectResult: the operation settles the timed run itself (no promise between),
// before or after the run attaches, and the timeout and the caller's signal still win when first.
import { describe, expect, it } from "vitest";
import { Cancellation } from "../cancellation";
import { CancelledError, TimeoutError } from "../errors";
import { FakeClock } from "../fake-clock";
import { runTimed, type DirectResult, type SettleTarget } from "./timeout";

/** An operation that settles whoever it is given, when told to (or at once when told before). */
class Op implements DirectResult<string> {
  target: SettleTarget<string> | undefined;
  attaches = 0;
  cancelled: unknown;
  constructor(c: Cancellation, private readonly early?: { value: string } | { error: Error }) {
    c.onAbort((reason) => (this.cancelled = reason));
  }
  settleInto(t: SettleTarget<string>): void {
    this.attaches++;
    this.target = t;
    if (this.early && "value" in this.early) t.onValue(this.early.value);
    else if (this.early) t.onError(this.early.error);
  }
}

function start(clock: FakeClock, early?: { value: string } | { error: Error }, signal?: Cancellation) {
  let op!: Op;
  const done = runTimed((c) => (op = new Op(c, early)), 1, { timeoutMs: 100, clock, signal }, undefined, clock.now());
  return { op, done: done.then((v) => ({ v }), (e: unknown) => ({ e })) };
}

describe("runTimed with a DirectResult", () => {
  it("resolves with what the operation hands its target, once, and clears the timeout", async () => {
    const clock = new FakeClock();
    const { op, done } = start(clock);
    expect(op.attaches).toBe(1);
    op.target!.onValue("headers");
    op.target!.onError(new Error("late")); // ignored: settled already
    expect(await done).toEqual({ v: "headers" });
    expect(clock.pendingTimers()).toBe(0);
  });

  it("takes an outcome the operation had before it was attached, value or error", async () => {
    const clock = new FakeClock();
    expect(await start(clock, { value: "early" }).done).toEqual({ v: "early" });
    const boom = new Error("refused");
    expect(await start(clock, { error: boom }).done).toEqual({ e: boom });
  });

  it("the timeout rejects first and aborts the operation; a late value changes nothing", async () => {
    const clock = new FakeClock();
    const { op, done } = start(clock);
    await clock.advanceAsync(100);
    op.target!.onValue("too late");
    const r = await done;
    expect((r as { e: unknown }).e).toBeInstanceOf(TimeoutError);
    expect(op.cancelled).toBe((r as { e: unknown }).e);
  });

  it("the caller's signal cancels it", async () => {
    const clock = new FakeClock();
    const caller = new Cancellation();
    const { op, done } = start(clock, undefined, caller);
    caller.abort(new Error("client gone"));
    const r = await done;
    expect((r as { e: unknown }).e).toBeInstanceOf(CancelledError);
    expect(op.cancelled).toBeInstanceOf(CancelledError);
  });
});
