import { systemClock, type Clock } from "../clock";
import { EventHub, type Listener, type Unsubscribe } from "../events";
import { createSlidingWindow, type SlidingWindow } from "../window/sliding-window";
import { resolveBreakerOptions, type BreakerOptions, type BreakerOptionsInput } from "./options";
import { Permit, PermitKind, type PermitOwner } from "./permit";
import { breakerSnapshotSchema, type BreakerSnapshot } from "./snapshot";
import { assertTransition, routeTo, type BreakerReason, type BreakerState } from "./transitions";
import { tripReason } from "./trip-rule";
import type { BreakerEvents, BreakerOverride, BreakerPermit, BreakerRejection, BreakerSyncRecord } from "./types";

export interface BreakerDeps {
  /** Used in events, errors and snapshots. Default "breaker". */
  name?: string;
  clock?: Clock;
  /** Start from a persisted `toJSON()` (validated; throws on a malformed snapshot). */
  snapshot?: unknown;
}

export const NONE = -1;

/** A state decided elsewhere (another instance): its times and override replace the computed ones. */
interface Adopted {
  openedAt: number;
  halfOpenAt: number;
  waitMs: number;
  override: BreakerOverride | null;
}

/**
 * The breaker's state machine: state, permits, the trip rule and every transition's bookkeeping.
 * `CircuitBreaker` adds the operations and views on top. No timers: time-based transitions
 * (open → half_open, half-open timeout, override expiry) happen in `refresh()`, on access or from a
 * sweep's `tick()`.
 */
export abstract class BreakerCore implements PermitOwner {
  readonly name: string;
  protected opts: BreakerOptions;
  protected readonly clock: Clock;
  protected window: SlidingWindow;
  protected hub: EventHub<BreakerEvents> | null = null;

  protected current: BreakerState = "closed";
  /** Incremented on every transition; permits from an older epoch are ignored. */
  protected epoch = 0;
  protected updatedAt: number;
  protected openedAt = NONE;
  protected halfOpenAt = NONE;
  protected waitMs: number;
  protected consecutive = 0;
  protected trialsInFlight = 0;
  protected trialSuccesses = 0;
  protected rejectedCount = 0;
  protected override: BreakerOverride | null = null;

  /**
   * True while another subsystem keeps the breaker open (a failing health check): the open time
   * does not run out by itself; `allowHalfOpen()`, a reset or an override ends it.
   */
  protected held = false;

  /**
   * Whether the trip rules run on this breaker's own window (default true). A cluster that decides
   * trips from the merged windows of several instances (with a quorum) turns it off with
   * `setLocalTripping(false)`.
   */
  protected localTripping = true;

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

  on<K extends keyof BreakerEvents>(event: K, listener: Listener<BreakerEvents[K]>): Unsubscribe {
    this.hub ??= new EventHub<BreakerEvents>();
    return this.hub.on(event, listener);
  }

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

  private reject(state: BreakerRejection["state"], retryAfterMs: number | undefined, now: number): BreakerRejection {
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
        this.refresh(now); // a verdict after the half-open timeout comes too late
        if (permit.epoch !== this.epoch) return;
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
    const w = this.window;
    const reason = tripReason({ calls: w.calls, failures: w.failures, slow: w.slow, consecutiveFailures: this.consecutive }, this.opts, w.capacity);
    if (reason) this.transition("open", reason, undefined, now ?? this.clock.now());
  }

  /** When the half-open state gives up waiting for a verdict (NONE: never). */
  protected halfOpenDeadline(): number {
    const limit = this.opts.maxWaitInHalfOpenMs;
    return this.current === "half_open" && limit > 0 ? this.updatedAt + limit : NONE;
  }

  protected refresh(now: number): void {
    const s = this.current;
    if (s === "open") {
      if (now >= this.halfOpenAt && !this.held) this.transition("half_open", "wait_elapsed", undefined, now);
    } else if (s === "half_open") {
      const deadline = this.halfOpenDeadline();
      if (deadline !== NONE && now >= deadline) this.transition("open", "half_open_timeout", undefined, now);
    } else if (s === "forced_open" || s === "forced_closed") {
      const expiresAt = this.override?.expiresAt;
      if (expiresAt !== undefined && now >= expiresAt) this.transition("closed", "override_expired", "system", now);
    }
  }

  /**
   * Every transition, local or adopted from another instance, goes through here and the table.
   * An adopted state brings its own times and override.
   */
  protected transition(to: BreakerState, reason: BreakerReason, actor: string | undefined, now: number, adopted?: Adopted): void {
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
        this.override = null; // an override lifted to half-open ends here
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
    if (adopted) {
      this.override = adopted.override;
      this.openedAt = adopted.openedAt;
      this.halfOpenAt = adopted.halfOpenAt;
      if (to !== "closed") this.waitMs = adopted.waitMs;
    }
    const hub = this.hub;
    if (hub?.has("stateChange")) {
      const event: BreakerEvents["stateChange"] = { name: this.name, from, to, reason, at: now };
      if (actor !== undefined) event.actor = actor;
      if (to === "open") event.halfOpenAt = this.halfOpenAt;
      if (this.override && (to === "forced_open" || to === "forced_closed")) event.override = { ...this.override };
      if (adopted) event.remote = true;
      hub.emit("stateChange", event);
    }
  }

  /**
   * Adopts a remote record through the transition table: a jump the table does not allow directly
   * (closed → half_open, forced → open) takes the table's shortest route, each step an event
   * marked remote. Returns whether the state changed.
   */
  protected adopt(remote: BreakerSyncRecord, reason: BreakerReason, actor: string | undefined, now: number): boolean {
    const override: BreakerOverride | null = remote.override
      ? { state: remote.override.state, actor: remote.override.actor, reason: remote.override.reason, since: remote.override.since, ...(remote.override.expiresAt !== null ? { expiresAt: remote.override.expiresAt } : {}) }
      : null;
    const forced = remote.state === "forced_open" || remote.state === "forced_closed";
    if (forced !== (override !== null) || (remote.state === "open" && remote.halfOpenAt === null)) {
      throw new Error(`inconsistent breaker record for "${this.name}" (state ${remote.state})`);
    }
    const waitMs = Math.min(Math.max(remote.waitMs, this.opts.waitInOpenMs), this.opts.maxWaitInOpenMs);
    const adopted: Adopted = {
      openedAt: remote.openedAt ?? NONE,
      // like a restored snapshot: a record from longer options half-opens within today's open time
      halfOpenAt: remote.halfOpenAt === null ? NONE : Math.min(remote.halfOpenAt, (remote.openedAt ?? now) + waitMs),
      waitMs,
      override,
    };
    if (this.current === remote.state) {
      this.override = adopted.override;
      this.openedAt = adopted.openedAt;
      this.halfOpenAt = adopted.halfOpenAt;
      this.waitMs = adopted.waitMs;
      return false;
    }
    const route = routeTo(this.current, remote.state);
    for (const step of route.slice(0, -1)) {
      this.transition(step, reason, actor, now, { openedAt: now, halfOpenAt: step === "open" ? now : NONE, waitMs: adopted.waitMs, override: null });
    }
    this.transition(remote.state, reason, actor, now, adopted);
    return true;
  }

  protected clearForClose(): void {
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
    // a snapshot taken under longer (or unbounded) options half-opens within today's open time
    if (s.state === "open" && this.halfOpenAt !== NONE) this.halfOpenAt = Math.min(this.halfOpenAt, (s.openedAt ?? s.updatedAt) + this.waitMs);
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
