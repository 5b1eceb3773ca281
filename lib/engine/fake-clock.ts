import type { Clock, TimerHandle } from "./clock";

interface FakeTimer {
  readonly due: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/**
 * Deterministic clock for tests. Time moves only through `advance`/`advanceAsync`/`set`; due timers
 * run in (due time, creation order) order with `now()` equal to their due time. `advanceAsync`
 * additionally drains pending promise callbacks before and after each timer, so async code waiting
 * on the clock makes progress exactly as it would in real time. It uses microtasks only, no real timers.
 */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: FakeTimer[] = [];

  constructor(start = 1_700_000_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: FakeTimer = { due: this.t + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    // keep sorted by (due, seq); tests hold few timers, so insertion is cheap
    let i = this.timers.length;
    while (i > 0 && (this.timers[i - 1] as FakeTimer).due > timer.due) i--;
    this.timers.splice(i, 0, timer);
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    const timer = handle as FakeTimer | undefined;
    if (!timer || timer.cancelled) return;
    timer.cancelled = true;
    const i = this.timers.indexOf(timer);
    if (i >= 0) this.timers.splice(i, 1);
  }

  /** Number of timers scheduled and not yet run or cleared. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, running due timers synchronously in order. */
  advance(ms: number): void {
    const target = this.t + Math.max(0, ms);
    for (let next = this.takeDue(target); next; next = this.takeDue(target)) {
      this.t = next.due;
      next.fn();
    }
    this.t = target;
  }

  /** Like `advance`, but lets promise continuations run before and after every timer. */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.t + Math.max(0, ms);
    await flushMicrotasks();
    for (let next = this.takeDue(target); next; next = this.takeDue(target)) {
      this.t = next.due;
      next.fn();
      await flushMicrotasks();
    }
    this.t = target;
    await flushMicrotasks();
  }

  /** Runs every pending timer (including ones they schedule), up to `limit` timers. */
  async runAllAsync(limit = 10_000): Promise<void> {
    for (let i = 0; i < limit; i++) {
      await flushMicrotasks();
      const next = this.timers[0];
      if (!next) return;
      await this.advanceAsync(next.due - this.t);
    }
    throw new Error(`FakeClock.runAllAsync: more than ${limit} timers`);
  }

  private takeDue(target: number): FakeTimer | undefined {
    const first = this.timers[0];
    if (!first || first.due > target) return undefined;
    this.timers.shift();
    first.cancelled = true;
    return first;
  }
}

/** Lets queued promise callbacks (and the callbacks they queue) run. */
export async function flushMicrotasks(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
