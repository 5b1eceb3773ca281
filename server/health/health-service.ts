// Active health checks: a scheduler (interval with jitter, never two runs of one check at once),
// healthy/unhealthy thresholds, breaker and alert integration, a bounded ring of recent results,
// per-minute aggregates written to the database, and live results for the dashboard.
import { randomUUID } from "node:crypto";
import { healthCheckInputSchema, PROTOCOL_OPTIONS, type HealthCheckDto, type HealthMinuteDto, type HealthResultDto } from "@/lib/contracts/health";
import { zodIssuesToDetails, type ErrorDetail } from "@/lib/contracts/errors";
import { REDACTED, redactSecrets, restoreSecrets } from "@/lib/contracts/secrets";
import type { z } from "zod";
import type { HealthRepo, HealthCheckRow } from "../persistence/repos/health";
import type { AuditRecorder } from "../audit";
import type { Principal } from "../auth/principal";
import { notFound, validationFailed } from "../errors";
import type { Logger } from "../logger";
import type { AlertsService } from "../alerts/alerts-service";
import { healthAlertLabels } from "../alerts/sources";
import type { BreakerRegistry } from "../breakers/registry";
import type { CheckerRegistry } from "./registry";
import { runCheck } from "./run-check";
import type { CheckResult } from "./types";
import type { ServerClock } from "../clock";
import type { RandomSource } from "@/lib/engine/retry/backoff";

const RING = 120;
type Status = "unknown" | "healthy" | "unhealthy";

interface Minute {
  up: number;
  down: number;
  latencies: number[];
}

interface CheckState {
  row: HealthCheckRow;
  options: unknown;
  status: Status;
  since: number | null;
  okStreak: number;
  failStreak: number;
  ring: HealthResultDto[];
  lastError: string | null;
  /** Cancels the scheduled next run. */
  timer: (() => void) | null;
  running: boolean;
  stopped: boolean;
  minutes: Map<number, Minute>;
}

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
  onResult: (e: { id: string; service: string; status: Status; result: HealthResultDto }) => void;
  /** A create, edit or delete made here: other instances must reload it. */
  onMutated?: (id: string) => void;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : null);
const round1 = (n: number) => Math.round(n * 10) / 10;

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

export function createHealthService(deps: HealthServiceDeps) {
  const checks = new Map<string, CheckState>();
  let closed = false;
  const now = () => deps.clock.now();
  const random = deps.random ?? Math.random;

  const checkerFor = (row: { protocol: string; options: unknown }) => {
    const name = row.protocol === "custom" ? String((row.options as { checker?: unknown }).checker ?? "") : row.protocol;
    return deps.registry.get(name);
  };

  function dto(s: CheckState): HealthCheckDto {
    return {
      id: s.row.id,
      service: s.row.service,
      protocol: s.row.protocol as HealthCheckDto["protocol"],
      target: s.row.target,
      intervalMs: s.row.intervalMs,
      timeoutMs: s.row.timeoutMs,
      healthyThreshold: s.row.healthyThreshold,
      unhealthyThreshold: s.row.unhealthyThreshold,
      options: redactSecrets(JSON.parse(s.row.options) as Record<string, unknown>),
      status: s.status,
      since: s.since ? new Date(s.since).toISOString() : null,
      last: s.ring[0] ?? null,
      lastError: s.lastError,
      createdBy: s.row.createdBy,
      createdAt: s.row.createdAt.toISOString(),
      updatedAt: s.row.updatedAt.toISOString(),
    };
  }

  /**
   * An edit shows secrets as REDACTED (see dto): where it sends the marker back, the stored value
   * stays. A marker with nothing stored behind it (or in a new check) is refused, naming the field.
   */
  function withStoredSecrets(input: unknown, stored: unknown): unknown {
    if (typeof input !== "object" || input === null || !("options" in input)) return input;
    const r = restoreSecrets(input.options, stored, "options");
    if (r.missing.length) {
      throw validationFailed(r.missing.map((path) => ({ path, message: `is '${REDACTED}' (which keeps a stored secret), but nothing is stored for it: send the value` })));
    }
    return { ...input, options: r.value };
  }

  /** Validates a check: the shared schema, the service, the protocol's options and the target. */
  function validate(input: unknown): { check: z.output<typeof healthCheckInputSchema>; options: unknown } {
    const parsed = healthCheckInputSchema.safeParse(input);
    if (!parsed.success) throw validationFailed(zodIssuesToDetails(parsed.error.issues));
    const c = parsed.data;
    const details: ErrorDetail[] = [];
    if (!deps.serviceExists(c.service)) details.push({ path: "service", message: `no service named '${c.service}'` });
    const optParsed = PROTOCOL_OPTIONS[c.protocol].safeParse(c.options);
    let options: unknown = c.options;
    if (!optParsed.success) details.push(...zodIssuesToDetails(optParsed.error.issues).map((d) => ({ ...d, path: `options.${d.path}` })));
    else options = optParsed.data;
    if (optParsed.success) {
      const checker = checkerFor({ protocol: c.protocol, options });
      if (!checker) {
        const known = deps.registry.customNames();
        details.push({ path: "options.checker", message: known.length ? `no custom checker named '${String((options as { checker?: string }).checker)}'; registered: ${known.join(", ")}` : "no custom checkers are registered (list modules under healthCheckers in the config file)" });
      } else {
        const targetError = checker.validateTarget(c.target);
        if (targetError) details.push({ path: "target", message: targetError });
        if (c.protocol === "custom") {
          const own = checker.optionsSchema.safeParse((options as { config: unknown }).config);
          if (!own.success) details.push(...zodIssuesToDetails(own.error.issues).map((d) => ({ ...d, path: `options.config.${d.path}` })));
        }
      }
    }
    if (details.length) throw validationFailed(details);
    return { check: c, options };
  }

  function onStatusChange(s: CheckState, to: Status, result: CheckResult): void {
    const from = s.status;
    s.status = to;
    s.since = now();
    const labels = healthAlertLabels(s.row.id, s.row.service);
    deps.log.info({ check: s.row.id, service: s.row.service, from, to, detail: result.detail }, `health check of ${s.row.service} (${s.row.protocol}) is ${to}`);
    if (to === "unhealthy") {
      void deps.alerts
        .raise({ labels, source: "health", severity: "critical", title: `Health check of ${s.row.service} failing (${s.row.protocol} ${s.row.target})`, annotations: { summary: result.detail, service: s.row.service } })
        .catch((err: unknown) => deps.log.error({ err }, "could not raise the health alert"));
    } else if (to === "healthy") {
      void deps.alerts.clear(labels, `healthy again: ${result.detail}`).catch((err: unknown) => deps.log.error({ err }, "could not resolve the health alert"));
      // let the breaker try again, unless another check of the same service still fails
      const othersFailing = [...checks.values()].some((o) => o !== s && o.row.service === s.row.service && o.status === "unhealthy");
      if (!othersFailing) deps.breakers.allowHalfOpen(s.row.service, { actor: `health:${s.row.protocol}`, reason: "health_recovered" });
    }
  }

  function record(s: CheckState, r: CheckResult): void {
    const at = now();
    const dtoResult: HealthResultDto = { at: new Date(at).toISOString(), healthy: r.healthy, latencyMs: round1(r.latencyMs), detail: r.detail };
    s.ring.unshift(dtoResult);
    if (s.ring.length > RING) s.ring.length = RING;
    if (!r.healthy) s.lastError = r.detail;
    const minute = Math.floor(at / 60_000) * 60_000;
    const m = s.minutes.get(minute) ?? { up: 0, down: 0, latencies: [] };
    if (r.healthy) m.up++;
    else m.down++;
    m.latencies.push(r.latencyMs);
    s.minutes.set(minute, m);
    if (r.healthy) {
      s.okStreak++;
      s.failStreak = 0;
      if (s.status !== "healthy" && s.okStreak >= s.row.healthyThreshold) onStatusChange(s, "healthy", r);
    } else {
      s.failStreak++;
      s.okStreak = 0;
      if (s.status !== "unhealthy" && s.failStreak >= s.row.unhealthyThreshold) onStatusChange(s, "unhealthy", r);
    }
    // while unhealthy, keep the breaker open (a half-open breaker would send trial calls to a dead upstream)
    if (s.status === "unhealthy") {
      // (an operator's override stays as it is: trip() leaves forced states alone)
      deps.breakers.trip(s.row.service, "health_check_failed", { actor: `health:${s.row.protocol}`, hold: true });
    }
    deps.onResult({ id: s.row.id, service: s.row.service, status: s.status, result: dtoResult });
  }

  function schedule(s: CheckState, first = false): void {
    if (s.stopped || closed) return;
    s.timer = deps.clock.after(nextRunDelay(s.row.intervalMs, first, random), () => void tick(s));
  }

  async function tick(s: CheckState): Promise<void> {
    if (s.running || s.stopped) return;
    s.running = true;
    try {
      const checker = checkerFor({ protocol: s.row.protocol, options: s.options });
      const options = s.row.protocol === "custom" ? (s.options as { config: unknown }).config : s.options;
      const r = checker
        ? await runCheck(deps.clock, checker, s.row.target, options, s.row.timeoutMs)
        : { healthy: false, latencyMs: 0, detail: `checker '${s.row.protocol}' is not registered` };
      if (!s.stopped) record(s, r);
    } catch (err) {
      deps.log.error({ err, check: s.row.id }, "health check crashed");
    } finally {
      s.running = false;
      schedule(s);
    }
  }

  function startCheck(row: HealthCheckRow, options: unknown): CheckState {
    const s: CheckState = { row, options, status: "unknown", since: null, okStreak: 0, failStreak: 0, ring: [], lastError: null, timer: null, running: false, stopped: false, minutes: new Map() };
    checks.set(row.id, s);
    schedule(s, true);
    return s;
  }

  function stopCheck(s: CheckState): void {
    s.stopped = true;
    s.timer?.();
  }

  async function flushMinutes(all = false): Promise<void> {
    const current = Math.floor(now() / 60_000) * 60_000;
    const rows = [];
    const done: [CheckState, number][] = [];
    for (const s of checks.values()) {
      for (const [minute, m] of s.minutes) {
        if (!all && minute >= current) continue;
        const sorted = [...m.latencies].sort((a, b) => a - b);
        rows.push({ checkId: s.row.id, instance: deps.instanceId, minute: new Date(minute), up: m.up, down: m.down, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.length ? sorted[sorted.length - 1]! : null });
        done.push([s, minute]);
      }
    }
    // counts are added to what the row holds (a restart within the same minute keeps both runs'
    // counts), so a minute leaves memory only once it is written
    await deps.repo.writeMinutes(rows);
    for (const [s, minute] of done) s.minutes.delete(minute);
  }

  return {
    async load(): Promise<void> {
      for (const row of await deps.repo.list()) {
        const options = JSON.parse(row.options) as unknown;
        if (!checkerFor({ protocol: row.protocol, options })) deps.log.warn({ check: row.id }, `health check ${row.id} uses checker '${row.protocol}', which is not registered: it will report unhealthy`);
        startCheck(row, options);
      }
    },
    list(): HealthCheckDto[] {
      return [...checks.values()].map(dto).sort((a, b) => a.service.localeCompare(b.service) || a.createdAt.localeCompare(b.createdAt));
    },
    get(id: string): HealthCheckDto {
      const s = checks.get(id);
      if (!s) throw notFound(`health check '${id}'`);
      return dto(s);
    },
    async results(id: string, minutesBack = 60): Promise<{ check: HealthCheckDto; recent: HealthResultDto[]; minutes: HealthMinuteDto[] }> {
      const s = checks.get(id);
      if (!s) throw notFound(`health check '${id}'`);
      const rows = await deps.repo.minutes(id, new Date(now() - minutesBack * 60_000));
      const byMinute = new Map<number, HealthMinuteDto>();
      const put = (t: number, up: number, down: number, p50: number | null, p95: number | null, max: number | null) => {
        const prev = byMinute.get(t);
        if (!prev) byMinute.set(t, { t: new Date(t).toISOString(), up, down, p50, p95, max });
        else {
          // several instances: counts add up, latency figures take the worst
          prev.up += up;
          prev.down += down;
          prev.p50 = Math.max(prev.p50 ?? 0, p50 ?? 0);
          prev.p95 = Math.max(prev.p95 ?? 0, p95 ?? 0);
          prev.max = Math.max(prev.max ?? 0, max ?? 0);
        }
      };
      for (const r of rows) put(r.minute.getTime(), r.up, r.down, r.p50, r.p95, r.max);
      for (const [t, m] of s.minutes) {
        const sorted = [...m.latencies].sort((a, b) => a - b);
        put(t, m.up, m.down, percentile(sorted, 50), percentile(sorted, 95), sorted.length ? sorted[sorted.length - 1]! : null);
      }
      return { check: dto(s), recent: [...s.ring], minutes: [...byMinute.values()].sort((a, b) => a.t.localeCompare(b.t)) };
    },
    async create(actor: Principal, input: unknown): Promise<HealthCheckDto> {
      const { check, options } = validate(withStoredSecrets(input, undefined));
      const row = await deps.repo.create({ id: randomUUID(), service: check.service, protocol: check.protocol, target: check.target, intervalMs: check.intervalMs, timeoutMs: check.timeoutMs, healthyThreshold: check.healthyThreshold, unhealthyThreshold: check.unhealthyThreshold, options: JSON.stringify(options), createdBy: actor.username });
      const s = startCheck(row, options);
      await deps.audit.record({ actor: actor.username, action: "health_check.create", target: `health_check:${row.id}`, after: redactSecrets({ ...check, options }) });
      deps.onMutated?.(row.id);
      return dto(s);
    },
    async update(actor: Principal, id: string, input: unknown): Promise<HealthCheckDto> {
      const prev = checks.get(id);
      if (!prev) throw notFound(`health check '${id}'`);
      const { check, options } = validate(withStoredSecrets(input, prev.options));
      const row = await deps.repo.update(id, { service: check.service, protocol: check.protocol, target: check.target, intervalMs: check.intervalMs, timeoutMs: check.timeoutMs, healthyThreshold: check.healthyThreshold, unhealthyThreshold: check.unhealthyThreshold, options: JSON.stringify(options) });
      stopCheck(prev);
      const s = startCheck(row, options);
      // the history of what was measured stays; the status is re-established under the new settings
      s.ring = prev.ring;
      s.minutes = prev.minutes;
      s.status = prev.status;
      s.since = prev.since;
      s.lastError = prev.lastError;
      await deps.audit.record({ actor: actor.username, action: "health_check.update", target: `health_check:${id}`, before: dto(prev), after: redactSecrets({ ...check, options }) });
      deps.onMutated?.(id);
      return dto(s);
    },
    async remove(actor: Principal, id: string): Promise<void> {
      const prev = checks.get(id);
      if (!prev) throw notFound(`health check '${id}'`);
      stopCheck(prev);
      checks.delete(id);
      await deps.repo.delete(id);
      const labels = healthAlertLabels(id, prev.row.service);
      if (deps.alerts.isOpen(labels)) await deps.alerts.clear(labels, "health check deleted");
      await deps.audit.record({ actor: actor.username, action: "health_check.delete", target: `health_check:${id}`, before: dto(prev) });
      deps.onMutated?.(id);
    },
    /** Another instance changed this check: take the database's version. */
    async reload(id: string): Promise<void> {
      const row = await deps.repo.find(id);
      const prev = checks.get(id);
      if (prev) stopCheck(prev);
      if (!row) {
        checks.delete(id);
        return;
      }
      const s = startCheck(row, JSON.parse(row.options) as unknown);
      if (prev) {
        s.ring = prev.ring;
        s.minutes = prev.minutes;
        s.status = prev.status;
        s.since = prev.since;
        s.lastError = prev.lastError;
      }
    },
    protocols(): { builtin: string[]; custom: string[] } {
      return { builtin: ["http", "https", "tcp", "grpc", "websocket"], custom: deps.registry.customNames() };
    },
    flushMinutes,
    async close(): Promise<void> {
      closed = true;
      for (const s of checks.values()) stopCheck(s);
      await flushMinutes(true).catch((err: unknown) => deps.log.warn({ err }, "health minutes not written at shutdown"));
    },
  };
}
export type HealthService = ReturnType<typeof createHealthService>;
