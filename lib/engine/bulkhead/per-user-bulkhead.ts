import { systemClock, type Clock } from "../clock";
import { BulkheadTimeoutError, CancelledError, UserBulkheadFullError, withoutStack } from "../errors";
import { EventHub, type Listener, type Unsubscribe } from "../events";
import { Lease, runHolding, type BulkheadLease } from "./lease";
import { Limiter, type LimiterContext } from "./limiter";
import {
  perUserBulkheadOptionsSchema,
  type PerUserBulkheadOptions,
  type PerUserBulkheadOptionsInput,
} from "./options";

export interface PerUserKeyStats {
  key: string;
  active: number;
  queued: number;
  rejected: number;
}

export interface PerUserBulkheadStats {
  /** Keys tracked now (busy + idle). */
  keys: number;
  active: number;
  queued: number;
  /** Refusals since creation (user at its limit, or every tracked key busy). */
  rejected: number;
  timedOut: number;
  evicted: number;
  /** Busiest keys: by active + queued, then rejected. */
  top: PerUserKeyStats[];
}

export interface PerUserRejectEvent {
  name: string;
  key: string;
  code: "user_bulkhead_full" | "bulkhead_timeout";
  reason: "user_limit" | "max_keys" | "timeout";
  at: number;
}

export type PerUserBulkheadEvents = { reject: PerUserRejectEvent };

/** One key's limiter. Kept small: it is the per-key memory cost. */
class KeyLimiter extends Limiter {
  constructor(
    ctx: LimiterContext,
    readonly key: string,
  ) {
    super(ctx);
  }
}

/**
 * One limiter per key (user), all sharing the same limits. At most `maxKeys` keys are tracked:
 * idle keys are evicted least-recently-used first; a key with active or queued calls is never
 * evicted, so a user can never exceed its limit by being forgotten. When every tracked key is busy
 * a new key is refused (`user_bulkhead_full`, reason `max_keys`).
 */
export class PerUserBulkhead {
  readonly name: string;
  private opts: PerUserBulkheadOptions;
  private readonly ctx: LimiterContext;
  /** Keys with active or queued calls. */
  private readonly busyKeys = new Map<string, KeyLimiter>();
  /** Idle keys, least recently used first (Map keeps insertion order). */
  private readonly idleKeys = new Map<string, KeyLimiter>();
  private rejectedTotal = 0;
  private timedOutTotal = 0;
  private evictedTotal = 0;
  private hub: EventHub<PerUserBulkheadEvents> | null = null;

  constructor(options: PerUserBulkheadOptionsInput = {}, deps: { name?: string; clock?: Clock } = {}) {
    this.opts = perUserBulkheadOptionsSchema.parse(options);
    this.name = deps.name ?? "per-user";
    this.ctx = {
      limits: {
        maxConcurrent: this.opts.maxConcurrent,
        maxQueue: this.opts.maxQueue,
        queueTimeoutMs: this.opts.queueTimeoutMs,
      },
      clock: deps.clock ?? systemClock,
      onBusyChange: (limiter, busy) => this.moved(limiter as KeyLimiter, busy),
    };
  }

  get options(): PerUserBulkheadOptions {
    return this.opts;
  }

  /** Keys tracked now. */
  get size(): number {
    return this.busyKeys.size + this.idleKeys.size;
  }

  /** A slot for `key` now, or undefined (at its limit, others queued, or no room for a new key). */
  tryAcquire(key: string): BulkheadLease | undefined {
    const limiter = this.limiterFor(key);
    return limiter?.tryAcquire() ? new Lease(limiter) : undefined;
  }

  /** A slot for `key`, queueing if configured. Rejects with UserBulkheadFullError / BulkheadTimeoutError / CancelledError. */
  async acquire(key: string, options: { signal?: AbortSignal } = {}): Promise<BulkheadLease> {
    if (options.signal?.aborted) throw new CancelledError(options.signal.reason);
    const limiter = this.limiterFor(key);
    if (!limiter) throw this.refuse(key, "max_keys");
    if (limiter.tryAcquire()) return new Lease(limiter);
    const startedAt = this.ctx.clock.now();
    const outcome = await limiter.enqueue(options.signal);
    switch (outcome) {
      case "granted":
        if (options.signal?.aborted) {
          limiter.release();
          throw new CancelledError(options.signal.reason);
        }
        return new Lease(limiter);
      case "cancelled":
        throw new CancelledError(options.signal?.reason);
      case "full":
        throw this.refuse(key, "user_limit");
      case "timeout":
        this.timedOutTotal++;
        this.emit(key, "bulkhead_timeout", "timeout");
        throw new BulkheadTimeoutError(this.ctx.clock.now() - startedAt);
    }
  }

  /** Runs `fn` holding a slot for `key`; released when it settles. */
  execute<T>(key: string, fn: () => Promise<T> | T, options: { signal?: AbortSignal } = {}): Promise<T> {
    const lease = options.signal?.aborted ? undefined : this.tryAcquire(key);
    if (lease) return runHolding(lease, fn);
    return this.acquire(key, options).then((l) => runHolding(l, fn));
  }

  /** Current counts for one key (undefined if not tracked). */
  keyStats(key: string): PerUserKeyStats | undefined {
    const l = this.busyKeys.get(key) ?? this.idleKeys.get(key);
    return l && { key, active: l.active, queued: l.queued, rejected: l.rejected };
  }

  stats(topN = 10): PerUserBulkheadStats {
    let active = 0;
    let queued = 0;
    for (const l of this.busyKeys.values()) {
      active += l.active;
      queued += l.queued;
    }
    const candidates: KeyLimiter[] = [...this.busyKeys.values()];
    for (const l of this.idleKeys.values()) if (l.rejected > 0) candidates.push(l);
    candidates.sort((a, b) => b.active + b.queued - (a.active + a.queued) || b.rejected - a.rejected);
    return {
      keys: this.size,
      active,
      queued,
      rejected: this.rejectedTotal,
      timedOut: this.timedOutTotal,
      evicted: this.evictedTotal,
      top: candidates.slice(0, Math.max(0, topN)).map((l) => ({ key: l.key, active: l.active, queued: l.queued, rejected: l.rejected })),
    };
  }

  /** Options and counters with the top 10 keys (in-flight work cannot be restored). */
  toJSON(): PerUserBulkheadStats & { options: PerUserBulkheadOptions } {
    return { options: this.opts, ...this.stats() };
  }

  /** Changes the shared limits live (all keys at once); a lower maxKeys evicts idle keys now. */
  updateOptions(options: Partial<PerUserBulkheadOptionsInput>): void {
    this.opts = perUserBulkheadOptionsSchema.parse({ ...this.opts, ...options });
    const limits = this.ctx.limits;
    limits.maxConcurrent = this.opts.maxConcurrent;
    limits.maxQueue = this.opts.maxQueue;
    limits.queueTimeoutMs = this.opts.queueTimeoutMs;
    for (const l of [...this.busyKeys.values()]) {
      l.fill();
      l.trim();
    }
    while (this.size > this.opts.maxKeys && this.evictOne()) {
      /* evicting */
    }
  }

  on<K extends keyof PerUserBulkheadEvents>(event: K, listener: Listener<PerUserBulkheadEvents[K]>): Unsubscribe {
    this.hub ??= new EventHub<PerUserBulkheadEvents>();
    return this.hub.on(event, listener);
  }

  private limiterFor(key: string): KeyLimiter | undefined {
    const existing = this.busyKeys.get(key) ?? this.idleKeys.get(key);
    if (existing) return existing;
    if (this.size >= this.opts.maxKeys && !this.evictOne()) return undefined;
    const created = new KeyLimiter(this.ctx, key);
    this.idleKeys.set(key, created);
    return created;
  }

  private evictOne(): boolean {
    for (const key of this.idleKeys.keys()) {
      this.idleKeys.delete(key);
      this.evictedTotal++;
      return true;
    }
    return false;
  }

  private moved(limiter: KeyLimiter, busy: boolean): void {
    if (busy) {
      this.idleKeys.delete(limiter.key);
      this.busyKeys.set(limiter.key, limiter);
    } else {
      this.busyKeys.delete(limiter.key);
      this.idleKeys.set(limiter.key, limiter); // most recently used: evicted last
    }
  }

  private refuse(key: string, reason: "user_limit" | "max_keys"): UserBulkheadFullError {
    this.rejectedTotal++;
    this.emit(key, "user_bulkhead_full", reason);
    return withoutStack(() => new UserBulkheadFullError(key, reason));
  }

  private emit(key: string, code: PerUserRejectEvent["code"], reason: PerUserRejectEvent["reason"]): void {
    if (this.hub?.has("reject")) this.hub.emit("reject", { name: this.name, key, code, reason, at: this.ctx.clock.now() });
  }
}

export function createPerUserBulkhead(
  options?: PerUserBulkheadOptionsInput,
  deps?: { name?: string; clock?: Clock },
): PerUserBulkhead {
  return new PerUserBulkhead(options, deps);
}
