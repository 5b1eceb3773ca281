import { describe, expect, it } from "vitest";
import { FakeClock } from "@/lib/engine/fake-clock";
import { clockScheduler } from "./scheduler";

describe("clockScheduler", () => {
  it("runs `every` at each interval until cancelled", () => {
    const clock = new FakeClock(0);
    const at: number[] = [];
    const cancel = clockScheduler(clock).every(1000, () => at.push(clock.now()));
    clock.advance(3500);
    expect(at).toEqual([1000, 2000, 3000]);
    cancel();
    clock.advance(5000);
    expect(at).toHaveLength(3);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("runs `at` once at the given time, right away if it has passed, never after cancel", () => {
    const clock = new FakeClock(10_000);
    const s = clockScheduler(clock);
    const seen: string[] = [];
    s.at(12_500, () => seen.push(`a@${clock.now()}`));
    s.at(5_000, () => seen.push(`late@${clock.now()}`));
    const cancel = s.at(11_000, () => seen.push("cancelled"));
    cancel();
    clock.advance(5_000);
    expect(seen).toEqual(["late@10000", "a@12500"]);
  });

  it("waits longer than a runtime timer allows by re-arming", () => {
    const clock = new FakeClock(0);
    let ran = 0;
    const due = 3 * 2 ** 31;
    clockScheduler(clock).at(due, () => ran++);
    clock.advance(due - 1);
    expect(ran).toBe(0);
    clock.advance(1);
    expect(ran).toBe(1);
  });
});
