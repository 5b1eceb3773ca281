import { describe, expect, it } from "vitest";
import type { Clock, TimerHandle } from "../clock";
import { FakeClock } from "../fake-clock";
import { ListedTimeout, TimeoutList } from "./timeout-list";

/** A timeout that notes when it expired. */
class Noted extends ListedTimeout {
  expiredAt: number | undefined = undefined;
  constructor(
    private readonly clock: Clock,
    private readonly onExpire?: () => void,
  ) {
    super();
  }
  expire(): void {
    this.expiredAt = this.clock.now();
    this.onExpire?.();
  }
}

/** A list of `ms` timeouts on a fake clock; `at(ms)`: the clock time `ms` after the start. */
function setup(ms: number) {
  const clock = new FakeClock();
  const t0 = clock.now();
  const list = new TimeoutList(clock, ms);
  const noted = (onExpire?: () => void) => new Noted(clock, onExpire);
  const start = (t: Noted) => list.start(t, clock.now());
  return { clock, list, noted, start, at: (after: number) => t0 + after };
}

describe("TimeoutList", () => {
  it("times out each entry exactly at its own deadline with one clock timer for all", () => {
    const { clock, list, noted, start, at } = setup(100);
    const [a, b, c] = [noted(), noted(), noted()];
    start(a);
    clock.advance(10);
    start(b);
    clock.advance(15);
    start(c);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(99 - 25);
    expect([a.expiredAt, b.expiredAt, c.expiredAt]).toEqual([undefined, undefined, undefined]);
    clock.advance(1);
    expect(a.expiredAt).toBe(at(100));
    expect(b.expiredAt).toBeUndefined();
    clock.advance(200);
    expect([b.expiredAt, c.expiredAt]).toEqual([at(110), at(125)]);
    expect(clock.pendingTimers()).toBe(0);
    expect(list.empty).toBe(true);
  });

  it("a stopped entry never expires; the next one still expires at its deadline, not the stopped one's", () => {
    const { clock, list, noted, start, at } = setup(100);
    const [first, second] = [noted(), noted()];
    start(first);
    clock.advance(40);
    start(second);
    list.stop(first);
    expect(clock.pendingTimers()).toBe(1); // left armed for the first deadline: it re-arms there
    clock.advance(60);
    expect(second.expiredAt).toBeUndefined();
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(39);
    expect(second.expiredAt).toBeUndefined();
    clock.advance(1);
    expect(second.expiredAt).toBe(at(140));
    expect(first.expiredAt).toBeUndefined();
  });

  it("stops its clock timer when the last entry is stopped, and arms one again for the next", () => {
    const { clock, list, noted, start, at } = setup(50);
    const a = noted();
    start(a);
    list.stop(a);
    list.stop(a); // twice: nothing happens
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(1_000);
    expect(a.expiredAt).toBeUndefined();
    const b = noted();
    start(b);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(50);
    expect(b.expiredAt).toBe(at(1_050));
  });

  it("a restarted entry expires a full length after its last restart, with the one timer kept armed", () => {
    const { clock, list, noted, start, at } = setup(100);
    const [a, b] = [noted(), noted()];
    start(a);
    clock.advance(30);
    start(b);
    clock.advance(50);
    list.restart(a, clock.now()); // a's deadline moves from 100 to 180, behind b's 130
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(20); // t = 100: a's old deadline passes
    expect(a.expiredAt).toBeUndefined();
    clock.advance(30);
    expect(b.expiredAt).toBe(at(130));
    expect(a.expiredAt).toBeUndefined();
    list.restart(a, clock.now()); // t = 130 → 230
    clock.advance(99);
    expect(a.expiredAt).toBeUndefined();
    clock.advance(1);
    expect(a.expiredAt).toBe(at(230));
    expect(list.empty).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
    // restarting an entry that is on no list starts it
    list.restart(b, clock.now());
    clock.advance(100);
    expect(b.expiredAt).toBe(at(330));
  });

  it("restarting within the same millisecond keeps the entry's deadline, its place and the one timer", () => {
    const { clock, list, noted, start, at } = setup(100);
    const [a, b, c] = [noted(), noted(), noted()];
    start(a);
    start(b);
    list.restart(a, clock.now());
    clock.advance(10);
    start(c);
    list.restart(c, clock.now());
    list.restart(b, clock.now()); // b moves behind c: 110
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(90);
    expect([a.expiredAt, b.expiredAt, c.expiredAt]).toEqual([at(100), undefined, undefined]);
    clock.advance(10);
    expect([b.expiredAt, c.expiredAt]).toEqual([at(110), at(110)]);
    expect(list.empty).toBe(true);
  });

  it("an entry started or stopped from another's expiry is honoured", () => {
    const { clock, list, noted, start, at } = setup(100);
    const late = noted();
    const stopped = noted();
    const first = noted(() => {
      list.stop(stopped);
      start(late);
    });
    start(first);
    start(stopped);
    clock.advance(100);
    expect(first.expiredAt).toBe(at(100));
    clock.advance(200);
    expect(stopped.expiredAt).toBeUndefined();
    expect(late.expiredAt).toBe(at(200));
    expect(clock.pendingTimers()).toBe(0);
  });

  it("an expiry that throws does not strand the others", () => {
    const { clock, noted, start, at } = setup(100);
    const thrower = noted(() => {
      throw new Error("listener failed");
    });
    const next = noted();
    start(thrower);
    start(next);
    expect(() => clock.advance(100)).toThrow("listener failed");
    clock.advance(0);
    expect(next.expiredAt).toBe(at(100));
  });

  it("a clock that steps back does not hold pending entries back by the step", () => {
    let now = 10_000;
    const timers: { fn: () => void; ms: number }[] = [];
    const clock: Clock = {
      now: () => now,
      setTimeout: (fn, ms): TimerHandle => timers.push({ fn, ms }),
      clearTimeout: () => undefined,
    };
    const list = new TimeoutList(clock, 100);
    const a = new Noted(clock);
    const b = new Noted(clock);
    list.start(a, now); // due at 10 100 on the old clock
    expect(timers.map((t) => t.ms)).toEqual([100]);
    now = 10_040 - 5_000; // 40 ms later the wall clock steps back 5 s
    list.start(b, now); // due at 5 140
    now = 5_100; // the timer armed for a fires after its 100 ms
    timers.shift()!.fn();
    expect(a.expiredAt).toBeUndefined();
    expect(timers.map((t) => t.ms)).toEqual([40]);
    now = 5_140; // a: 140 ms after it started (late by the 40 ms before the step), not 5 s
    timers.shift()!.fn();
    expect([a.expiredAt, b.expiredAt]).toEqual([5_140, 5_140]);
    expect(timers).toEqual([]);
  });
});
