import { CircuitOpenError, rejectLater, withoutStack } from "../errors";
import type { Listener, Unsubscribe } from "../events";
import { createSlidingWindow } from "../window/sliding-window";
import { BreakerCore, NONE, type BreakerDeps } from "./breaker-core";
import { resolveBreakerOptions, sameWindow, type BreakerOptionsInput } from "./options";
import type { BreakerSnapshot } from "./snapshot";
import type { BreakerReason } from "./transitions";
import type {
  BreakerEvents,
  BreakerMetrics,
  BreakerOverride,
  BreakerRejection,
  BreakerStatus,
  BreakerSyncRecord,
  ForceOptions,
} from "./types";

export type { BreakerDeps } from "./breaker-core";
export type { BreakerSyncRecord, ForceOptions } from "./types";

/**
 * A circuit breaker with count- or time-based windows, exponential open backoff, a bounded
 * half-open trial (with an optional time limit), operator overrides and snapshots. It has no
 * timers: time-based transitions (open → half_open, half-open timeout, override expiry) happen
 * lazily on access, or from `tick()` which a single scheduler sweep can call for many breakers
 * (see `nextTransitionAt()`). The state machine itself lives in `BreakerCore`.
 */
export class CircuitBreaker extends BreakerCore {
  /**
   * Runs `fn` under this breaker: a thrown error or rejection is a failure, anything else a success
   * (slow by duration). Rejects with CircuitOpenError when refused. Use permits for finer control.
   */
  execute<T>(fn: () => Promise<T> | T): Promise<T> {
    const permit = this.tryAcquire();
    if (!permit.ok) return rejectLater(this.rejectionError(permit));
    let result: Promise<T> | T;
    try {
      result = fn();
    } catch (error) {
      permit.failure();
      return rejectLater(error);
    }
    if (!isThenable(result)) {
      permit.success();
      return Promise.resolve(result);
    }
    return Promise.resolve(result).then(
      (value) => {
        permit.success();
        return value;
      },
      (error: unknown) => {
        permit.failure();
        throw error;
      },
    );
  }

  /** Turns a rejection into a `CircuitOpenError` (for callers that throw). */
  rejectionError(rejection: BreakerRejection, cause?: unknown): CircuitOpenError {
    return withoutStack(() => new CircuitOpenError(this.name, rejection.state, rejection.retryAfterMs, cause));
  }

  // ---------------------------------------------------------------- operations

  /** Operator override. Replaces any previous override. */
  force(state: "open" | "closed", options: ForceOptions): void {
    const now = this.clock.now();
    this.refresh(now);
    const override: BreakerOverride = { state, actor: options.actor, reason: options.reason, since: now };
    if (options.ttlMs !== undefined) override.expiresAt = now + Math.max(0, options.ttlMs);
    this.override = override;
    this.transition(state === "open" ? "forced_open" : "forced_closed", "forced", options.actor, now);
  }

  /** Lifts an override: → closed with empty windows (default), or → half_open so trial calls decide. Returns false if there was none. */
  lift(options: { actor: string; reason?: string; to?: "closed" | "half_open" }): boolean {
    const now = this.clock.now();
    this.refresh(now);
    if (this.current !== "forced_open" && this.current !== "forced_closed") return false;
    this.transition(options.to ?? "closed", options.reason ?? "override_lifted", options.actor, now);
    return true;
  }

  /** → closed with empty windows, open backoff back to base, rejected count 0, override dropped. */
  reset(options: { actor: string; reason?: string }): void {
    const now = this.clock.now();
    this.refresh(now);
    if (this.current !== "closed") {
      this.transition("closed", options.reason ?? "reset", options.actor, now);
    } else {
      this.clearForClose();
    }
    this.rejectedCount = 0;
    this.hub?.emit("reset", { name: this.name, actor: options.actor, at: now });
  }

  /**
   * Opens the breaker for another subsystem (e.g. `slo_burn`, `health_check_failed`). Only from
   * closed or half_open (a re-trip from half-open doubles the open time); overrides win and an open
   * breaker stays as it is. Returns whether it opened.
   */
  trip(reason: BreakerReason, options: { actor?: string; hold?: boolean } = {}): boolean {
    const now = this.clock.now();
    this.refresh(now);
    if (options.hold && this.current === "open") this.held = true;
    if (this.current !== "closed" && this.current !== "half_open") return false;
    this.transition("open", reason, options.actor, now);
    if (options.hold) this.held = true;
    return true;
  }

  /** Lets an open breaker half-open now (e.g. its health check recovered). Returns whether it did. */
  allowHalfOpen(options: { actor?: string; reason?: BreakerReason } = {}): boolean {
    const now = this.clock.now();
    this.refresh(now); // while held, the open time cannot have run out in here
    this.held = false;
    if (this.current !== "open") return false;
    this.transition("half_open", options.reason ?? "health_recovered", options.actor, now);
    return true;
  }

  /**
   * Applies due time-based transitions (open → half_open, half-open timeout, override expiry) and
   * emits their events. Call it from one periodic sweep over all breakers; returns whether the
   * state changed.
   */
  /** Whether this breaker's own window may trip it (off when a cluster decides from merged windows). */
  setLocalTripping(on: boolean): void {
    this.localTripping = on;
  }

  /** True while a subsystem holds the breaker open (see `trip(…, { hold: true })`). */
  get isHeld(): boolean {
    return this.held;
  }

  tick(now: number = this.clock.now()): boolean {
    const before = this.epoch;
    this.refresh(now);
    return this.epoch !== before;
  }

  /**
   * Adopts a state decided elsewhere (another instance of a cluster), through the same transition
   * bookkeeping and table as a local change. The local window is kept, except that a close empties
   * it, as every close does. Emits `stateChange` with `remote: true` when the state changes; a
   * matching state only refreshes times and override.
   */
  syncFrom(remote: BreakerSyncRecord, options: { actor?: string; reason?: BreakerReason } = {}): boolean {
    return this.adopt(remote, options.reason ?? remote.reason ?? "cluster_sync", options.actor ?? remote.actor, this.clock.now());
  }

  /** What another instance needs to adopt this breaker's state (no window). */
  syncRecord(reason?: BreakerReason, actor?: string): BreakerSyncRecord {
    const snap = this.toJSON();
    return {
      state: snap.state,
      openedAt: snap.openedAt,
      halfOpenAt: snap.halfOpenAt,
      waitMs: snap.waitMs,
      override: snap.override,
      updatedAt: snap.updatedAt,
      ...(reason ? { reason } : {}),
      ...(actor ? { actor } : {}),
    };
  }

  /** When the next time-based transition is due (epoch ms), if any. */
  nextTransitionAt(): number | undefined {
    if (this.current === "open") return this.held ? undefined : this.halfOpenAt;
    if (this.current === "half_open") {
      const deadline = this.halfOpenDeadline();
      return deadline === NONE ? undefined : deadline;
    }
    if (this.current === "forced_open" || this.current === "forced_closed") return this.override?.expiresAt;
    return undefined;
  }

  /** Replaces the options; a changed window starts empty. */
  updateOptions(options: BreakerOptionsInput): void {
    const next = resolveBreakerOptions(options);
    if (!sameWindow(next.window, this.opts.window)) this.window = createSlidingWindow(next.window);
    if (this.waitMs === this.opts.waitInOpenMs || this.waitMs < next.waitInOpenMs) this.waitMs = next.waitInOpenMs;
    this.waitMs = Math.min(this.waitMs, next.maxWaitInOpenMs);
    this.opts = next;
  }

  // ---------------------------------------------------------------- views

  metrics(): BreakerMetrics {
    const now = this.clock.now();
    this.refresh(now);
    const w = this.window;
    w.advance(now);
    const enough = w.calls >= Math.min(this.opts.minimumCalls, w.capacity);
    return {
      calls: w.calls,
      failures: w.failures,
      slowCalls: w.slow,
      rejected: this.rejectedCount,
      failureRate: enough ? percent(w.failures, w.calls) : -1,
      slowCallRate: enough ? percent(w.slow, w.calls) : -1,
    };
  }

  status(): BreakerStatus {
    const metrics = this.metrics();
    const s: BreakerStatus = { name: this.name, state: this.current, metrics, updatedAt: this.updatedAt };
    if (this.override) s.override = { ...this.override };
    if (this.openedAt !== NONE) s.openedAt = this.openedAt;
    if (this.halfOpenAt !== NONE) s.halfOpenAt = this.halfOpenAt;
    return s;
  }

  /** Trial calls currently running (half-open only). */
  get halfOpenTrials(): number {
    return this.current === "half_open" ? this.trialsInFlight : 0;
  }

  toJSON(): BreakerSnapshot {
    const now = this.clock.now();
    this.refresh(now);
    this.window.advance(now);
    const o = this.override;
    return {
      v: 1,
      name: this.name,
      state: this.current,
      updatedAt: this.updatedAt,
      openedAt: this.openedAt === NONE ? null : this.openedAt,
      halfOpenAt: this.halfOpenAt === NONE ? null : this.halfOpenAt,
      waitMs: this.waitMs,
      consecutiveFailures: this.consecutive,
      halfOpenSuccesses: this.trialSuccesses,
      rejected: this.rejectedCount,
      override: o
        ? { state: o.state, actor: o.actor, reason: o.reason, since: o.since, expiresAt: o.expiresAt ?? null }
        : null,
      window: this.window.toJSON(),
    };
  }

  onStateChange(listener: Listener<BreakerEvents["stateChange"]>): Unsubscribe {
    return this.on("stateChange", listener);
  }

  onReject(listener: Listener<BreakerEvents["reject"]>): Unsubscribe {
    return this.on("reject", listener);
  }
}

function isThenable<T>(x: Promise<T> | T): x is Promise<T> {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100;
}

/** Creates a circuit breaker. */
/**
 * What code that only guards calls and reads a breaker may touch: permits, views and events, none
 * of the operations that change its state (force, lift, reset, trip, allowHalfOpen, syncFrom, tick,
 * updateOptions, setLocalTripping).
 */
export type BreakerGuard = Pick<
  CircuitBreaker,
  | "name"
  | "state"
  | "options"
  | "slowCallDurationMs"
  | "clockNow"
  | "tryAcquire"
  | "rejectionError"
  | "execute"
  | "metrics"
  | "status"
  | "halfOpenTrials"
  | "isHeld"
  | "toJSON"
  | "syncRecord"
  | "nextTransitionAt"
  | "on"
  | "onStateChange"
  | "onReject"
>;

export function createCircuitBreaker(options?: BreakerOptionsInput, deps?: BreakerDeps): CircuitBreaker {
  return new CircuitBreaker(options, deps);
}
