import { systemClock, type Clock } from "../clock";
import { CircuitOpenError, rejectLater, withoutStack } from "../errors";
import { EventHub, type Listener, type Unsubscribe } from "../events";
import { createSlidingWindow, type SlidingWindow } from "../window/sliding-window";
import { resolveBreakerOptions, sameWindow, type BreakerOptions, type BreakerOptionsInput } from "./options";
import { Permit, PermitKind, type PermitOwner } from "./permit";
import { breakerSnapshotSchema, type BreakerSnapshot } from "./snapshot";
import { assertTransition, type BreakerReason, type BreakerState } from "./transitions";
import type {
  BreakerEvents,
  BreakerMetrics,
  BreakerOverride,
  BreakerPermit,
  BreakerRejection,
  BreakerStatus,
} from "./types";

export interface BreakerDeps {
  /** Used in events, errors and snapshots. Default "breaker". */
  name?: string;
  clock?: Clock;
  /** Start from a persisted `toJSON()` (validated; throws on a malformed snapshot). */
  snapshot?: unknown;
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

const NONE = -1;

/**
 * A circuit breaker with count- or time-based windows, exponential open backoff, a bounded
 * half-open trial, operator overrides and snapshots. It has no timers: time-based transitions
 * (open → half_open, override expiry) happen lazily on access, or from `tick()` which a single
 * scheduler sweep can call for many breakers (see `nextTransitionAt()`).
 */
export class CircuitBreaker implements PermitOwner {
  readonly name: string;
  private opts: BreakerOptions;
  private readonly clock: Clock;
  private window: SlidingWindow;
  private hub: EventHub<BreakerEvents> | null = null;

  private current: BreakerState = "closed";
  /** Incremented on every transition; permits from an older epoch are ignored. */
  private epoch = 0;
  private updatedAt: number;
  private openedAt = NONE;
  private halfOpenAt = NONE;
  private waitMs: number;
  private consecutive = 0;
  private trialsInFlight = 0;
  private trialSuccesses = 0;
  private rejectedCount = 0;
  private override: BreakerOverride | null = null;

  constructor(options?: BreakerOptionsInput, deps: BreakerDeps = {}) {
    this.opts = resolveBreakerOptions(options);
    this.clock = deps.clock ?? systemClock;
    this.name = deps.name ?? "breaker";
    this.waitMs = this.opts.waitInOpenMs;
    this.updatedAt = this.clock.now();
    if (deps.snapshot === undefined) {
      this.window = createSlidingWindow(this.opts.window);
    } else {
      const snap = breakerSnapshotSchema.parse(deps.snapshot);
      this.window = createSlidingWindow(this.opts.window, snap.window);
      this.restore(snap);
    }
  }

  get options(): BreakerOptions {
    return this.opts;
  }

  /** @internal used by permits */
  clockNow(): number {
    return this.clock.now();
  }

  /** @internal used by permits */
  get slowCallDurationMs(): number {
    return this.opts.slowCallDurationMs;
  }

  /** The current state (applies due time-based transitions first). */
  get state(): BreakerState {
    if (this.current !== "closed") this.refresh(this.clock.now());
    return this.current;
  }

  // ---------------------------------------------------------------- calls

  /**
   * Asks to make one call: a permit to complete or release, or a rejection. Never throws.
   * `now` lets a caller that already read the clock (e.g. to time the request) save a read.
   */
  tryAcquire(now: number = this.clock.now()): BreakerPermit | BreakerRejection {
    if (this.current === "closed") return new Permit(this, this.epoch, PermitKind.Normal, now);
    this.refresh(now);
    switch (this.current as BreakerState) {
      case "closed":
        return new Permit(this, this.epoch, PermitKind.Normal, now);
      case "forced_closed":
        return new Permit(this, this.epoch, PermitKind.Bypass, now);
      case "half_open":
        if (this.trialsInFlight < this.opts.halfOpenMaxCalls) {
          this.trialsInFlight++;
          return new Permit(this, this.epoch, PermitKind.Trial, now);
        }
        return this.reject("half_open", 0, now);
      case "open":
        return this.reject("open", this.halfOpenAt - now, now);
      case "forced_open": {
        const expiresAt = this.override?.expiresAt;
        return this.reject("forced_open", expiresAt === undefined ? undefined : expiresAt - now, now);
      }
    }
  }

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

  private reject(
    state: BreakerRejection["state"],
    retryAfterMs: number | undefined,
    now: number,
  ): BreakerRejection {
    this.rejectedCount++;
    const retry = retryAfterMs === undefined ? undefined : Math.max(0, retryAfterMs);
    if (this.hub?.has("reject")) this.hub.emit("reject", { name: this.name, state, retryAfterMs: retry, at: now });
    return { ok: false, code: "circuit_open", state, retryAfterMs: retry };
  }

  /** @internal called by permits */
  permitDone(permit: Permit, failed: boolean, slow: boolean, durationMs: number, at: number | undefined): void {
    let now = at;
    if (this.hub?.has("call")) {
      now ??= this.clock.now();
      this.hub.emit("call", { name: this.name, state: this.current, failed, slow, durationMs, at: now });
    }
    if (permit.epoch !== this.epoch) return; // issued in an earlier state: it must not touch this one
    switch (permit.kindCode) {
      case PermitKind.Normal:
        // a count window needs no time; read the clock only when something needs it
        if (this.opts.window.type === "time") now ??= this.clock.now();
        this.window.record(failed, slow, now ?? 0);
        this.consecutive = failed ? this.consecutive + 1 : 0;
        if (this.localTripping) this.evaluate(now);
        return;
      case PermitKind.Trial:
        now ??= this.clock.now();
        this.trialsInFlight--;
        if (failed) this.transition("open", "half_open_failure", undefined, now);
        else if (slow) this.transition("open", "half_open_slow", undefined, now);
        else if (++this.trialSuccesses >= this.opts.successThreshold) {
          this.transition("closed", "half_open_success", undefined, now);
        }
        return;
      case PermitKind.Bypass:
        if (this.opts.window.type === "time") now ??= this.clock.now();
        this.window.record(failed, slow, now ?? 0); // visible in metrics, never trips
        return;
    }
  }

  /** @internal called by permits */
  permitReleased(permit: Permit): void {
    if (permit.epoch === this.epoch && permit.kindCode === PermitKind.Trial) this.trialsInFlight--;
  }

  private evaluate(now: number | undefined): void {
    const o = this.opts;
    if (o.consecutiveFailures > 0 && this.consecutive >= o.consecutiveFailures) {
      this.transition("open", "consecutive_failures", undefined, now ?? this.clock.now());
      return;
    }
    const w = this.window;
    const calls = w.calls;
    if (calls < Math.min(o.minimumCalls, w.capacity)) return;
    if (w.failures * 100 >= o.failureRateThreshold * calls) {
      this.transition("open", "failure_rate", undefined, now ?? this.clock.now());
    } else if (w.slow * 100 >= o.slowCallRateThreshold * calls) {
      this.transition("open", "slow_call_rate", undefined, now ?? this.clock.now());
    }
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

  /** Lifts an override: → closed with empty windows. Returns false if there was none. */
  lift(options: { actor: string; reason?: string }): boolean {
    const now = this.clock.now();
    this.refresh(now);
    if (this.current !== "forced_open" && this.current !== "forced_closed") return false;
    this.transition("closed", options.reason ?? "override_lifted", options.actor, now);
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

  /**
   * True while another subsystem keeps the breaker open (a failing health check): the open time
   * does not run out by itself; `allowHalfOpen()`, a reset or an override ends it.
   */
  held = false;

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
   * Applies due time-based transitions (open → half_open, override expiry) and emits their events.
   * Call it from one periodic sweep over all breakers; returns whether the state changed.
   */
  tick(now: number = this.clock.now()): boolean {
    const before = this.epoch;
    this.refresh(now);
    return this.epoch !== before;
  }

  /**
   * Whether the trip rules run on this breaker's own window (default true). A cluster that decides
   * trips from the merged windows of several instances (with a quorum) turns it off.
   */
  localTripping = true;

  /**
   * Adopts a state decided elsewhere (another instance of a cluster). The local window is kept,
   * except that a close empties it, as every close does. Emits `stateChange` with `remote: true`
   * when the state changes; a matching state only refreshes times and override.
   */
  syncFrom(remote: BreakerSyncRecord, options: { actor?: string; reason?: BreakerReason } = {}): boolean {
    const now = this.clock.now();
    const from = this.current;
    const override: BreakerOverride | null = remote.override
      ? { state: remote.override.state, actor: remote.override.actor, reason: remote.override.reason, since: remote.override.since, ...(remote.override.expiresAt !== null ? { expiresAt: remote.override.expiresAt } : {}) }
      : null;
    const forced = remote.state === "forced_open" || remote.state === "forced_closed";
    if (forced !== (override !== null) || (remote.state === "open" && remote.halfOpenAt === null)) {
      throw new Error(`inconsistent breaker record for "${this.name}" (state ${remote.state})`);
    }
    this.waitMs = Math.min(Math.max(remote.waitMs, this.opts.waitInOpenMs), this.opts.maxWaitInOpenMs);
    if (from === remote.state) {
      this.override = override;
      this.openedAt = remote.openedAt ?? NONE;
      this.halfOpenAt = remote.halfOpenAt ?? NONE;
      return false;
    }
    this.current = remote.state;
    this.epoch++;
    this.updatedAt = now;
    this.trialsInFlight = 0;
    this.trialSuccesses = 0;
    if (remote.state === "closed") this.clearForClose();
    this.override = override;
    this.openedAt = remote.openedAt ?? NONE;
    this.halfOpenAt = remote.halfOpenAt ?? NONE;
    const hub = this.hub;
    if (hub?.has("stateChange")) {
      const event: BreakerEvents["stateChange"] = { name: this.name, from, to: remote.state, reason: options.reason ?? remote.reason ?? "cluster_sync", at: now, remote: true };
      const actor = options.actor ?? remote.actor;
      if (actor) event.actor = actor;
      if (remote.state === "open") event.halfOpenAt = this.halfOpenAt;
      if (override) event.override = { ...override };
      hub.emit("stateChange", event);
    }
    return true;
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

  on<K extends keyof BreakerEvents>(event: K, listener: Listener<BreakerEvents[K]>): Unsubscribe {
    this.hub ??= new EventHub<BreakerEvents>();
    return this.hub.on(event, listener);
  }

  onStateChange(listener: Listener<BreakerEvents["stateChange"]>): Unsubscribe {
    return this.on("stateChange", listener);
  }

  onReject(listener: Listener<BreakerEvents["reject"]>): Unsubscribe {
    return this.on("reject", listener);
  }

  // ---------------------------------------------------------------- internals

  private refresh(now: number): void {
    const s = this.current;
    if (s === "open") {
      if (now >= this.halfOpenAt && !this.held) this.transition("half_open", "wait_elapsed", undefined, now);
    } else if (s === "forced_open" || s === "forced_closed") {
      const expiresAt = this.override?.expiresAt;
      if (expiresAt !== undefined && now >= expiresAt) this.transition("closed", "override_expired", "system", now);
    }
  }

  private transition(to: BreakerState, reason: BreakerReason, actor: string | undefined, now: number): void {
    const from = this.current;
    assertTransition(from, to);
    if (to !== "open") this.held = false;
    this.current = to;
    this.epoch++;
    this.updatedAt = now;
    this.trialsInFlight = 0;
    this.trialSuccesses = 0;
    switch (to) {
      case "closed":
        this.clearForClose();
        break;
      case "open":
        if (from === "half_open") this.waitMs = Math.min(this.waitMs * 2, this.opts.maxWaitInOpenMs);
        this.openedAt = now;
        this.halfOpenAt = now + this.waitMs;
        this.override = null;
        break;
      case "half_open":
        this.halfOpenAt = NONE;
        break;
      case "forced_open":
        this.openedAt = now;
        this.halfOpenAt = NONE;
        break;
      case "forced_closed":
        this.openedAt = NONE;
        this.halfOpenAt = NONE;
        break;
    }
    const hub = this.hub;
    if (hub?.has("stateChange")) {
      const event: BreakerEvents["stateChange"] = { name: this.name, from, to, reason, at: now };
      if (actor !== undefined) event.actor = actor;
      if (to === "open") event.halfOpenAt = this.halfOpenAt;
      if (this.override && (to === "forced_open" || to === "forced_closed")) event.override = { ...this.override };
      hub.emit("stateChange", event);
    }
  }

  private clearForClose(): void {
    this.window.clear();
    this.consecutive = 0;
    this.waitMs = this.opts.waitInOpenMs;
    this.openedAt = NONE;
    this.halfOpenAt = NONE;
    this.override = null;
  }

  private restore(s: BreakerSnapshot): void {
    this.current = s.state;
    this.updatedAt = s.updatedAt;
    this.openedAt = s.openedAt ?? NONE;
    this.halfOpenAt = s.halfOpenAt ?? NONE;
    this.waitMs = Math.min(Math.max(s.waitMs, this.opts.waitInOpenMs), this.opts.maxWaitInOpenMs);
    this.consecutive = s.consecutiveFailures;
    this.trialSuccesses = s.state === "half_open" ? s.halfOpenSuccesses : 0;
    this.rejectedCount = s.rejected;
    if (s.override) {
      const o: BreakerOverride = { state: s.override.state, actor: s.override.actor, reason: s.override.reason, since: s.override.since };
      if (s.override.expiresAt !== null) o.expiresAt = s.override.expiresAt;
      this.override = o;
    }
    const forced = s.state === "forced_open" || s.state === "forced_closed";
    if (forced !== (this.override !== null) || (s.state === "open" && this.halfOpenAt === NONE)) {
      throw new Error(`inconsistent breaker snapshot for "${s.name}" (state ${s.state})`);
    }
  }
}

function isThenable<T>(x: Promise<T> | T): x is Promise<T> {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100;
}

/** Creates a circuit breaker. */
export function createCircuitBreaker(options?: BreakerOptionsInput, deps?: BreakerDeps): CircuitBreaker {
  return new CircuitBreaker(options, deps);
}
