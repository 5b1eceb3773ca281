import { describe, expect, it } from "vitest";
import { CountWindow } from "./count-window";
import { createSlidingWindow } from "./sliding-window";
import { TimeWindow } from "./time-window";

describe("windows", () => {
  it("a count window keeps exactly the last `size` outcomes", () => {
    const w = new CountWindow(3);
    w.record(true, false);
    w.record(true, true);
    w.record(false, false);
    w.record(false, false); // evicts the first failure
    expect([w.calls, w.failures, w.slow]).toEqual([3, 1, 1]);
    const copy = new CountWindow(3);
    copy.restore(w.toJSON());
    expect(copy.toJSON()).toEqual(w.toJSON());
    expect([copy.calls, copy.failures, copy.slow]).toEqual([3, 1, 1]);
  });

  it("a count window wider than 32 slots works across words", () => {
    const w = new CountWindow(70);
    for (let i = 0; i < 140; i++) w.record(i % 2 === 0, i % 7 === 0);
    expect(w.calls).toBe(70);
    expect(w.failures).toBe(35);
  });

  it("a time window drops whole seconds as they leave", () => {
    const w = new TimeWindow(3);
    w.record(true, false, 0);
    w.record(false, false, 1_500);
    w.record(false, true, 2_999);
    expect([w.calls, w.failures, w.slow]).toEqual([3, 1, 1]);
    w.advance(3_000);
    expect([w.calls, w.failures]).toEqual([2, 0]);
    w.advance(60_000);
    expect(w.calls).toBe(0);
    expect(createSlidingWindow({ type: "time", seconds: 3 }, w.toJSON()).toJSON()).toEqual(w.toJSON());
  });
});
