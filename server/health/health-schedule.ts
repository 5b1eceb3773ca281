// Health scheduling: each check runs on its interval with jitter, never twice at once, until it is
// stopped or the scheduler closes. A result goes to `onResult`; a crash is logged and the check
// runs again on schedule.
import type { RandomSource } from "@/lib/engine/retry/backoff";
import type { Logger } from "../logger";
import type { ServerClock } from "../clock";
import type { CheckState } from "./check-state";
import { checkerFor, type CheckerRegistry } from "./registry";
import { runCheck } from "./run-check";
import type { CheckResult } from "./types";

/** The first run of a check comes within this long of its start (or its interval, if shorter). */
export const FIRST_RUN_MS = 1000;
/** No run comes sooner than this after the previous one. */
export const MIN_DELAY_MS = 50;

/** Delay to a check's next run: its interval (the first run: at most FIRST_RUN_MS) ±10 % jitter. */
export function nextRunDelay(intervalMs: number, first: boolean, random: RandomSource): number {
  const base = first ? Math.min(FIRST_RUN_MS, intervalMs) : intervalMs;
  const jitter = base * 0.1 * (random() * 2 - 1);
  return Math.max(MIN_DELAY_MS, base + jitter);
}

export interface HealthScheduleDeps {
  registry: CheckerRegistry;
  log: Logger;
  clock: ServerClock;
  random: RandomSource;
  onResult: (s: CheckState, r: CheckResult) => void;
}

export function createHealthSchedule(deps: HealthScheduleDeps) {
  let closed = false;

  function schedule(s: CheckState, first = false): void {
    if (s.stopped || closed) return;
    s.timer = deps.clock.after(nextRunDelay(s.row.intervalMs, first, deps.random), () => void tick(s));
  }

  async function tick(s: CheckState): Promise<void> {
    if (s.running || s.stopped) return;
    s.running = true;
    try {
      const checker = checkerFor(deps.registry, { protocol: s.row.protocol, options: s.options });
      const options = s.row.protocol === "custom" ? (s.options as { config: unknown }).config : s.options;
      const r = checker
        ? await runCheck(deps.clock, checker, s.row.target, options, s.row.timeoutMs)
        : { healthy: false, latencyMs: 0, detail: `checker '${s.row.protocol}' is not registered` };
      if (!s.stopped) deps.onResult(s, r);
    } catch (err) {
      deps.log.error({ err, check: s.row.id }, "health check crashed");
    } finally {
      s.running = false;
      schedule(s);
    }
  }

  return {
    start: (s: CheckState): void => schedule(s, true),
    stop(s: CheckState): void {
      s.stopped = true;
      s.timer?.();
    },
    /** No run is scheduled any more. */
    close(): void {
      closed = true;
    },
  };
}
export type HealthSchedule = ReturnType<typeof createHealthSchedule>;
