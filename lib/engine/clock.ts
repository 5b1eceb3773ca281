/**
 * Time for the engine. Policies never read Date.now() or call setTimeout themselves: they get a
 * Clock, so production uses `systemClock` and tests use `FakeClock` (see fake-clock.ts).
 */

/** Opaque handle returned by `Scheduler.setTimeout`. */
export type TimerHandle = unknown;

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export interface Clock extends Scheduler {
  /** Milliseconds since the Unix epoch (wall clock, used for event timestamps and windows). */
  now(): number;
}

/** The real clock: Date.now and the runtime's timers. */
export const systemClock: Clock = {
  now: Date.now,
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, Math.max(0, ms)),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};
