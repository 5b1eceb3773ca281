// The runtime's periodic work, on the injected ServerClock: the breaker sweep, SLO evaluation and
// bucket writes (every BREAKWATER_SLO_FLUSH_INTERVAL_MS), health minutes, 10-second samples (aligned to the interval) with the bulkhead
// alert check, and hourly housekeeping. Returns the function that stops all of it.
import type { ServerClock } from "./clock";
import type { Logger } from "./logger";
import type { Persistence } from "./persistence";
import type { WriteBehind } from "./persistence/write-behind";
import type { Gateway } from "./gateway/gateway";
import type { Metrics } from "./metrics";
import type { SloService } from "./slos/slo-service";
import type { HealthService } from "./health/health-service";
import type { AlertsService } from "./alerts/alerts-service";
import { SAMPLE_INTERVAL_MS, takeSamples } from "./gateway/history";
import { checkBulkheadAlerts } from "./alerts/resilience-alerts";
import { startSampling } from "./gateway/sampler";

export const SWEEP_INTERVAL_MS = 250;
export const SLO_EVALUATE_MS = 2_000;
export const HEALTH_MINUTES_MS = 60_000;
export const HOUSEKEEPING_MS = 3_600_000;

export interface JobParts {
  clock: ServerClock;
  /** How often closed SLO buckets are written (config.sloFlushIntervalMs). */
  sloFlushIntervalMs: number;
  log: Logger;
  persistence: Persistence;
  writeBehind: WriteBehind;
  gateway: Gateway;
  metrics: Metrics;
  slos: SloService;
  health: HealthService;
  alerts: AlertsService;
}

/** Runs `fn` every `ms`, skipping a round while the previous one is still running. */
function everyAsync(clock: ServerClock, ms: number, fn: () => Promise<void>, onError: (err: unknown) => void): () => void {
  let busy = false;
  return clock.every(ms, () => {
    if (busy) return;
    busy = true;
    fn()
      .catch(onError)
      .finally(() => (busy = false));
  });
}

export function startJobs(p: JobParts): () => void {
  const { clock, log } = p;
  const stops: (() => void)[] = [];
  stops.push(clock.every(SWEEP_INTERVAL_MS, () => p.gateway.tick()));
  stops.push(everyAsync(clock, SLO_EVALUATE_MS, () => p.slos.evaluate(), (err) => log.error({ err }, "SLO evaluation failed")));
  stops.push(everyAsync(clock, p.sloFlushIntervalMs, () => p.slos.flush(), (err) => log.warn({ err }, "SLO buckets not written yet; will retry")));
  stops.push(everyAsync(clock, HEALTH_MINUTES_MS, () => p.health.flushMinutes(), (err) => log.warn({ err }, "health minutes not written yet; will retry")));

  // samples cover whole 10-second intervals, each answer in exactly one sample
  stops.push(
    startSampling(clock, SAMPLE_INTERVAL_MS, (intervalStart, fromMs) => {
      const counters = takeSamples(p.writeBehind, p.gateway, intervalStart, fromMs);
      p.metrics.setDroppedSamples(p.writeBehind.stats().droppedSamples);
      checkBulkheadAlerts(counters, p.alerts);
    }),
  );

  // housekeeping: expired sessions, old login attempts, samples older than a day, old buckets
  stops.push(
    clock.every(HOUSEKEEPING_MS, () => {
      const now = clock.now();
      const warn = (what: string) => (err: unknown) => log.warn({ err }, `${what} clean-up failed`);
      p.persistence.sessions.deleteExpired(new Date(now)).catch(warn("session"));
      p.persistence.loginAttempts.prune(new Date(now - 24 * 3_600_000)).catch(warn("login-attempt"));
      p.persistence.breakerHistory.pruneSamples(new Date(now - 25 * 3_600_000)).catch(warn("sample"));
      p.slos.prune().catch(warn("SLO bucket"));
      p.persistence.health.pruneMinutes(new Date(now - 7 * 86_400_000)).catch(warn("health minute"));
    }),
  );
  return () => {
    for (const stop of stops.splice(0)) stop();
  };
}
