// One health check's state while it runs: its stored row, status and streaks, a bounded ring of
// recent results, per-minute counts not yet written, and the scheduler's flags. Recording a result
// updates all of it and says when the status changed; what follows from that is the caller's.
import type { HealthCheckDto, HealthResultDto } from "@/lib/contracts/health";
import { redactSecrets } from "@/lib/contracts/secrets";
import type { HealthCheckRow } from "../persistence/repos/health";
import type { CheckResult } from "./types";

const RING = 120;
export type HealthStatus = "unknown" | "healthy" | "unhealthy";

export interface Minute {
  up: number;
  down: number;
  latencies: number[];
}

export interface CheckState {
  row: HealthCheckRow;
  options: unknown;
  status: HealthStatus;
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

/** A check's fresh state; `prev`: the state it replaces (an edit), whose history and status stay. */
export function newCheckState(row: HealthCheckRow, options: unknown, prev?: CheckState): CheckState {
  const s: CheckState = { row, options, status: "unknown", since: null, okStreak: 0, failStreak: 0, ring: [], lastError: null, timer: null, running: false, stopped: false, minutes: new Map() };
  if (prev) {
    // the history of what was measured stays; the status is re-established under the new settings
    s.ring = prev.ring;
    s.minutes = prev.minutes;
    s.status = prev.status;
    s.since = prev.since;
    s.lastError = prev.lastError;
  }
  return s;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Records one result; `change` when it crossed the healthy or unhealthy threshold. */
export function recordResult(s: CheckState, r: CheckResult, at: number): { result: HealthResultDto; change?: { from: HealthStatus; to: "healthy" | "unhealthy" } } {
  const result: HealthResultDto = { at: new Date(at).toISOString(), healthy: r.healthy, latencyMs: round1(r.latencyMs), detail: r.detail };
  s.ring.unshift(result);
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
  } else {
    s.failStreak++;
    s.okStreak = 0;
  }
  const to = r.healthy ? (s.okStreak >= s.row.healthyThreshold ? "healthy" : null) : s.failStreak >= s.row.unhealthyThreshold ? "unhealthy" : null;
  if (!to || s.status === to) return { result };
  const from = s.status;
  s.status = to;
  s.since = at;
  return { result, change: { from, to } };
}

export function checkDto(s: CheckState): HealthCheckDto {
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
