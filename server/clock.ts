// Time for the server's services. Like the engine, services never read the wall clock or start
// timers themselves: they take a ServerClock, so production uses `systemServerClock` and unit tests
// drive time with `fakeServerClock` (lib/engine/fake-clock.ts underneath). This file and the HTTP
// plumbing are the only places in server/ allowed to touch Date.now, setTimeout and setInterval.
import type { Clock } from "@/lib/engine/clock";
import { FakeClock } from "@/lib/engine/fake-clock";

export interface ServerClock extends Clock {
  /** Runs `fn` every `ms` milliseconds until the returned function is called. Never keeps the process alive. */
  every(ms: number, fn: () => void): () => void;
  /** Runs `fn` once after `ms` milliseconds unless cancelled. Never keeps the process alive. */
  after(ms: number, fn: () => void): () => void;
}

/**
 * Date.now as the runtime has it. Next.js replaces the global Date when its server loads (to notice
 * clock reads during prerendering), which makes every Date.now() on the gateway's request path look
 * up two async-local stores; the wall clock read here is the same, taken before that happens.
 */
const wallClockNow = Date.now;

export const systemServerClock: ServerClock = {
  now: wallClockNow,
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, Math.max(0, ms)),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
  every(ms, fn) {
    const t = setInterval(fn, ms);
    t.unref();
    return () => clearInterval(t);
  },
  after(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return () => clearTimeout(t);
  },
};

/** A promise that resolves after `ms` on the clock (a retry's back-off, a bounded wait at shutdown). */
export function sleep(clock: ServerClock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.after(ms, resolve));
}

/** A ServerClock on a FakeClock: time moves only with `clock.advance(ms)`. */
export function fakeServerClock(start?: number): ServerClock & { fake: FakeClock; advance(ms: number): void } {
  const fake = new FakeClock(start);
  const after = (ms: number, fn: () => void) => {
    const h = fake.setTimeout(fn, ms);
    return () => fake.clearTimeout(h);
  };
  return {
    fake,
    now: () => fake.now(),
    setTimeout: (fn, ms) => fake.setTimeout(fn, ms),
    clearTimeout: (h) => fake.clearTimeout(h),
    advance: (ms) => fake.advance(ms),
    after,
    every(ms, fn) {
      let cancel = () => {};
      let stopped = false;
      const arm = () => {
        cancel = after(ms, () => {
          if (stopped) return;
          arm();
          fn();
        });
      };
      arm();
      return () => {
        stopped = true;
        cancel();
      };
    },
  };
}
