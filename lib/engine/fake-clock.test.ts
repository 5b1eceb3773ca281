import { describe, expect, it } from "vitest";
import { systemClock } from "./clock";
import { FakeClock } from "./fake-clock";

describe("clocks", () => {
  it("FakeClock runs due timers in order with now() at their due time", () => {
    const clock = new FakeClock(0);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => seen.push(`a@${clock.now()}`), 10);
    const c = clock.setTimeout(() => seen.push("never"), 15);
    clock.setTimeout(() => clock.setTimeout(() => seen.push(`nested@${clock.now()}`), 5), 12);
    clock.clearTimeout(c);
    clock.advance(25);
    expect(seen).toEqual(["a@10", "nested@17", "b@20"]);
    expect(clock.now()).toBe(25);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("systemClock uses wall-clock time and real timers", async () => {
    const before = Date.now();
    expect(systemClock.now()).toBeGreaterThanOrEqual(before);
    const handle = systemClock.setTimeout(() => {}, 10_000);
    systemClock.clearTimeout(handle);
  });
});
