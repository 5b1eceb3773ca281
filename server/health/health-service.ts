// Active health checks, wired from their parts: the table of checks and its edits (health-checks.ts),
// the schedule (interval with jitter, never two runs of one check at once: health-schedule.ts),
// result recording with healthy/unhealthy thresholds and a bounded ring of recent results
// (check-state.ts), breaker and alert reactions (health-reactions.ts), per-minute aggregates written
// to the database (health-minutes.ts), and live results for the dashboard.
import type { HealthCheckDto, HealthMinuteDto, HealthResultDto } from "@/lib/contracts/health";
import type { HealthRepo } from "../persistence/repos/health";
import type { AuditRecorder } from "../audit";
import type { Logger } from "../logger";
import type { AlertsService } from "../alerts/alerts-service";
import type { BreakerRegistry } from "../breakers/registry";
import type { CheckerRegistry } from "./registry";
import type { CheckResult } from "./types";
import type { ServerClock } from "../clock";
import type { RandomSource } from "@/lib/engine/retry/backoff";
import { checkDto, recordResult, type CheckState, type HealthStatus } from "./check-state";
import { createHealthChecks } from "./health-checks";
import { flushMinutes, mergeMinutes } from "./health-minutes";
import { createHealthReactions } from "./health-reactions";
import { createHealthSchedule } from "./health-schedule";

export { FIRST_RUN_MS, MIN_DELAY_MS, nextRunDelay } from "./health-schedule";

export interface HealthServiceDeps {
  repo: HealthRepo;
  registry: CheckerRegistry;
  /** Opens, holds and releases the checked service's breaker. */
  breakers: BreakerRegistry;
  alerts: AlertsService;
  audit: AuditRecorder;
  log: Logger;
  instanceId: string;
  /** Scheduling, check timeouts and result times. */
  clock: ServerClock;
  /** The schedule's jitter (default Math.random). */
  random?: RandomSource;
  serviceExists: (name: string) => boolean;
  onResult: (e: { id: string; service: string; status: HealthStatus; result: HealthResultDto }) => void;
  /** A create, edit or delete made here: other instances must reload it. */
  onMutated?: (id: string) => void;
}

export function createHealthService(deps: HealthServiceDeps) {
  const now = () => deps.clock.now();
  const reactions = createHealthReactions({
    alerts: deps.alerts,
    breakers: deps.breakers,
    log: deps.log,
    othersFailing: (s) => [...checks.all()].some((o) => o !== s && o.row.service === s.row.service && o.status === "unhealthy"),
  });
  const onResult = (s: CheckState, r: CheckResult) => {
    const { result, change } = recordResult(s, r, now());
    if (change) reactions.statusChanged(s, change.from, change.to, r);
    if (s.status === "unhealthy") reactions.holdOpen(s);
    deps.onResult({ id: s.row.id, service: s.row.service, status: s.status, result });
  };
  const schedule = createHealthSchedule({ registry: deps.registry, log: deps.log, clock: deps.clock, random: deps.random ?? Math.random, onResult });
  const checks = createHealthChecks({ ...deps, schedule, onDeleted: reactions.deleted });
  const flush = (all = false) => flushMinutes(deps.repo, deps.instanceId, checks.all(), now(), all);

  return {
    load: checks.load,
    list(): HealthCheckDto[] {
      return [...checks.all()].map(checkDto).sort((a, b) => a.service.localeCompare(b.service) || a.createdAt.localeCompare(b.createdAt));
    },
    get: (id: string): HealthCheckDto => checkDto(checks.existing(id)),
    async results(id: string, minutesBack = 60): Promise<{ check: HealthCheckDto; recent: HealthResultDto[]; minutes: HealthMinuteDto[] }> {
      const s = checks.existing(id);
      const rows = await deps.repo.minutes(id, new Date(now() - minutesBack * 60_000));
      return { check: checkDto(s), recent: [...s.ring], minutes: mergeMinutes(rows, s.minutes) };
    },
    create: checks.create,
    update: checks.update,
    remove: checks.remove,
    reload: checks.reload,
    protocols(): { builtin: string[]; custom: string[] } {
      return { builtin: ["http", "https", "tcp", "grpc", "websocket"], custom: deps.registry.customNames() };
    },
    flushMinutes: (all = false): Promise<void> => flush(all),
    async close(): Promise<void> {
      schedule.close();
      for (const s of checks.all()) schedule.stop(s);
      await flush(true).catch((err: unknown) => deps.log.warn({ err }, "health minutes not written at shutdown"));
    },
  };
}
export type HealthService = ReturnType<typeof createHealthService>;
