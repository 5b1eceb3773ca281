// Timers for the chaos runner, on an injected Clock (FakeClock in tests): no direct setTimeout.
import type { Clock, TimerHandle } from "@/lib/engine/clock";

export type Cancel = () => void;

export interface ChaosScheduler {
  /** Runs `fn` every `ms` until cancelled (the first run after `ms`). */
  every(ms: number, fn: () => void): Cancel;
  /** Runs `fn` once at epoch time `atMs` (right away, on the next turn, if it has passed). */
  at(atMs: number, fn: () => void): Cancel;
}

/** Longest single timer; longer waits re-arm (runtimes cap timers at 2^31 − 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function clockScheduler(clock: Clock): ChaosScheduler {
  return {
    every(ms, fn) {
      let handle: TimerHandle;
      let cancelled = false;
      const arm = () => {
        handle = clock.setTimeout(() => {
          if (cancelled) return;
          arm();
          fn();
        }, ms);
      };
      arm();
      return () => {
        cancelled = true;
        clock.clearTimeout(handle);
      };
    },
    at(atMs, fn) {
      let handle: TimerHandle;
      let cancelled = false;
      const arm = () => {
        const wait = atMs - clock.now();
        handle = clock.setTimeout(() => {
          if (cancelled) return;
          if (clock.now() < atMs) arm();
          else fn();
        }, Math.min(MAX_TIMER_MS, Math.max(0, wait)));
      };
      arm();
      return () => {
        cancelled = true;
        clock.clearTimeout(handle);
      };
    },
  };
}
