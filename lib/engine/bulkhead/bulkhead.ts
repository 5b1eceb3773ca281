import { systemClock, type Clock } from "../clock";
import { BulkheadFullError, BulkheadTimeoutError, CancelledError, withoutStack } from "../errors";
import type { LimitSource } from "../adaptive/types";
import { EventHub, type Listener, type Unsubscribe } from "../events";
import { Lease, runHolding, type BulkheadLease } from "./lease";
import { Limiter, type LimiterContext } from "./limiter";
import { bulkheadOptionsSchema, type BulkheadOptions, type BulkheadOptionsInput } from "./options";

export interface BulkheadStats {
  /** The concurrency limit in force (the limit source's current limit when one is attached). */
  maxConcurrent: number;
  maxQueue: number;
  active: number;
  queued: number;
  peakActive: number;
  accepted: number;
  /** Refused because the queue was full (or trimmed by a lower maxQueue). */
  rejected: number;
  timedOut: number;
  cancelled: number;
}

export interface BulkheadRejectEvent {
  name: string;
  code: "bulkhead_full" | "bulkhead_timeout";
  active: number;
  queued: number;
  at: number;
}

export type BulkheadEvents = { reject: BulkheadRejectEvent };

export interface BulkheadDeps {
  name?: string;
  clock?: Clock;
  /** Where the concurrency limit comes from (an adaptive limiter); replaces `maxConcurrent`. */
  limit?: LimitSource;
}

/**
 * Limits concurrent calls, with a bounded FIFO queue. `tryAcquire()` is the synchronous fast path;
 * `acquire()` queues when needed. Waiters are promises (no polling); an AbortSignal removes one.
 */
export class Bulkhead {
  readonly name: string;
  private readonly ctx: LimiterContext;
  private readonly limiter: Limiter;
  private opts: BulkheadOptions;
  private hub: EventHub<BulkheadEvents> | null = null;
  private source: LimitSource | undefined = undefined;
  private unfollow: Unsubscribe | undefined = undefined;

  constructor(options: BulkheadOptionsInput = {}, deps: BulkheadDeps = {}) {
    this.opts = bulkheadOptionsSchema.parse(options);
    this.name = deps.name ?? "bulkhead";
    this.ctx = { limits: { ...this.opts }, clock: deps.clock ?? systemClock };
    this.limiter = new Limiter(this.ctx);
    if (deps.limit) this.setLimitSource(deps.limit);
  }

  /**
   * Follows `source`'s limit instead of `maxConcurrent` (undefined: back to `maxConcurrent`). A
   * lower limit admits nobody until active falls below it; a higher one admits waiters at once.
   */
  setLimitSource(source: LimitSource | undefined): void {
    this.unfollow?.();
    this.unfollow = undefined;
    this.source = source;
    if (source) this.unfollow = source.on("limitChange", (e) => this.applyLimit(e.to));
    this.applyLimit(source ? source.limit : this.opts.maxConcurrent);
  }

  get options(): BulkheadOptions {
    return this.opts;
  }

  /** Calls holding a slot now (cheap: no stats object). */
  get active(): number {
    return this.limiter.active;
  }

  /** A slot now, or undefined if none is free (or others are already waiting). */
  tryAcquire(): BulkheadLease | undefined {
    return this.limiter.tryAcquire() ? new Lease(this.limiter) : undefined;
  }

  /**
   * A slot, waiting in the queue if needed. Rejects with BulkheadFullError (queue full),
   * BulkheadTimeoutError (waited queueTimeoutMs) or CancelledError (signal aborted).
   */
  acquire(options: { signal?: AbortSignal } = {}): Promise<BulkheadLease> {
    // an already-cancelled caller is refused even when a slot is free (wait() counts and rejects it)
    const lease = options.signal?.aborted ? undefined : this.tryAcquire();
    if (lease) return Promise.resolve(lease);
    return this.wait(options.signal);
  }

  /** Runs `fn` holding a slot (queueing if needed); the slot is released when it settles. */
  execute<T>(fn: () => Promise<T> | T, options: { signal?: AbortSignal } = {}): Promise<T> {
    const lease = options.signal?.aborted ? undefined : this.tryAcquire();
    if (lease) return runHolding(lease, fn);
    return this.wait(options.signal).then((l) => runHolding(l, fn));
  }

  /** Changes the limits live: a higher maxConcurrent admits waiters, a lower maxQueue rejects the newest. */
  updateOptions(options: Partial<BulkheadOptionsInput>): void {
    this.opts = bulkheadOptionsSchema.parse({ ...this.opts, ...options });
    Object.assign(this.ctx.limits, this.opts);
    if (this.source) this.ctx.limits.maxConcurrent = this.source.limit;
    this.limiter.fill();
    this.limiter.trim();
  }

  stats(): BulkheadStats {
    const l = this.limiter;
    return {
      maxConcurrent: this.ctx.limits.maxConcurrent,
      maxQueue: this.opts.maxQueue,
      active: l.active,
      queued: l.queued,
      peakActive: l.peakActive,
      accepted: l.accepted,
      rejected: l.rejected,
      timedOut: l.timedOut,
      cancelled: l.cancelled,
    };
  }

  /** Limits and counters (in-flight work cannot be restored, so there is no restore). */
  toJSON(): BulkheadStats {
    return this.stats();
  }

  on<K extends keyof BulkheadEvents>(event: K, listener: Listener<BulkheadEvents[K]>): Unsubscribe {
    this.hub ??= new EventHub<BulkheadEvents>();
    return this.hub.on(event, listener);
  }

  private applyLimit(limit: number): void {
    this.ctx.limits.maxConcurrent = limit;
    this.limiter.fill();
  }

  private async wait(signal: AbortSignal | undefined): Promise<BulkheadLease> {
    const startedAt = this.ctx.clock.now();
    const outcome = await this.limiter.enqueue(signal);
    switch (outcome) {
      case "granted":
        if (signal?.aborted) {
          this.limiter.release();
          throw new CancelledError(signal.reason);
        }
        return new Lease(this.limiter);
      case "cancelled":
        throw new CancelledError(signal?.reason);
      case "full":
        this.emitReject("bulkhead_full");
        throw withoutStack(() => new BulkheadFullError());
      case "timeout":
        this.emitReject("bulkhead_timeout");
        throw new BulkheadTimeoutError(this.ctx.clock.now() - startedAt);
    }
  }

  private emitReject(code: BulkheadRejectEvent["code"]): void {
    if (!this.hub?.has("reject")) return;
    const l = this.limiter;
    this.hub.emit("reject", { name: this.name, code, active: l.active, queued: l.queued, at: this.ctx.clock.now() });
  }
}

export function createBulkhead(options?: BulkheadOptionsInput, deps?: BulkheadDeps): Bulkhead {
  return new Bulkhead(options, deps);
}
