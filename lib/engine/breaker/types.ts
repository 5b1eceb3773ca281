import type { BreakerReason, BreakerState } from "./transitions";

/** An operator override, as set by `force()`. */
export interface BreakerOverride {
  state: "open" | "closed";
  actor: string;
  reason: string;
  /** When the override was set (epoch ms). */
  since: number;
  /** When it lifts itself (epoch ms); absent = until lifted. */
  expiresAt?: number;
}

/**
 * Counts over the current window. Rates are percentages with two decimals, or -1 while the
 * window holds fewer than `minimumCalls` calls (the rules are not evaluated then).
 */
export interface BreakerMetrics {
  calls: number;
  failures: number;
  slowCalls: number;
  /** Calls refused by this breaker since it was created or last reset. */
  rejected: number;
  failureRate: number;
  slowCallRate: number;
}

/** The view the API and dashboard show (`GET /api/v1/breakers`). */
export interface BreakerStatus {
  name: string;
  state: BreakerState;
  override?: BreakerOverride;
  metrics: BreakerMetrics;
  /** When it last opened (open, half_open, forced_open). */
  openedAt?: number;
  /** When it will half-open (open only). */
  halfOpenAt?: number;
  /** Time of the last transition (or creation). */
  updatedAt: number;
}

export interface BreakerStateChangeEvent {
  name: string;
  from: BreakerState;
  to: BreakerState;
  reason: BreakerReason;
  /** Who caused it: an operator or subsystem; absent for automatic transitions. */
  actor?: string;
  at: number;
  /** Present when entering open: when it will half-open. */
  halfOpenAt?: number;
  /** Present when entering a forced state. */
  override?: BreakerOverride;
  /** Adopted from another instance of a cluster (`syncFrom`), not decided here. */
  remote?: true;
}

export interface BreakerRejectEvent {
  name: string;
  state: "open" | "half_open" | "forced_open";
  retryAfterMs: number | undefined;
  at: number;
}

export interface BreakerCallEvent {
  name: string;
  state: BreakerState;
  failed: boolean;
  slow: boolean;
  durationMs: number;
  at: number;
}

export interface BreakerResetEvent {
  name: string;
  actor: string;
  at: number;
}

export type BreakerEvents = {
  stateChange: BreakerStateChangeEvent;
  reject: BreakerRejectEvent;
  /** A permit was completed and its outcome recorded. */
  call: BreakerCallEvent;
  reset: BreakerResetEvent;
};

/** Returned by `tryAcquire()` when the call may not run. */
export interface BreakerRejection {
  readonly ok: false;
  readonly code: "circuit_open";
  readonly state: "open" | "half_open" | "forced_open";
  /** Time until the breaker half-opens (open), the override expires (forced_open with a TTL), 0 when
   * half-open with every trial slot taken, undefined for a forced_open without TTL. */
  readonly retryAfterMs: number | undefined;
}

export interface PermitOutcome {
  failed: boolean;
  /** Defaults to durationMs ≥ slowCallDurationMs. */
  slow?: boolean;
  /** Defaults to the time since the permit was acquired. */
  durationMs?: number;
  /** The clock's time of the outcome, when the caller has just read it (saves the breaker a read). */
  at?: number;
}

/** Permission to make one call. Complete it once; later completions and releases are no-ops. */
export interface BreakerPermit {
  readonly ok: true;
  /** `trial` while half-open, `bypass` while forced_closed, otherwise `normal`. */
  readonly kind: "normal" | "trial" | "bypass";
  readonly startedAt: number;
  readonly done: boolean;
  success(durationMs?: number): void;
  failure(durationMs?: number): void;
  record(outcome: PermitOutcome): void;
  /** The call never ran: give the permission back without recording anything. */
  release(): void;
}

/** A breaker's state without its window, as exchanged between the instances of a cluster. */
export interface BreakerSyncRecord {
  state: BreakerState;
  openedAt: number | null;
  halfOpenAt: number | null;
  waitMs: number;
  override: { state: "open" | "closed"; actor: string; reason: string; since: number; expiresAt: number | null } | null;
  updatedAt: number;
  reason?: BreakerReason;
  actor?: string;
}

export interface ForceOptions {
  actor: string;
  reason: string;
  /** The override lifts itself (→ closed, empty windows) after this long. */
  ttlMs?: number;
}
