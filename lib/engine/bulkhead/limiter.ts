import type { Clock, TimerHandle } from "../clock";

/** Limits shared by reference, so updating them applies to every limiter built on them. */
export interface LimiterLimits {
  maxConcurrent: number;
  maxQueue: number;
  queueTimeoutMs: number;
}

/** Shared context: the limits, the clock and a hook for becoming idle/busy. */
export interface LimiterContext {
  limits: LimiterLimits;
  readonly clock: Clock;
  /** Called when a limiter goes from idle (nothing active or queued) to busy and back. */
  onBusyChange?(limiter: Limiter, busy: boolean): void;
}

export type WaitOutcome = "granted" | "timeout" | "cancelled" | "full";

/** A queued caller; a node of the FIFO's doubly linked list, so removal is O(1). */
class Waiter {
  prev: Waiter | null = null;
  next: Waiter | null = null;
  timer: TimerHandle = undefined;
  signal: AbortSignal | undefined = undefined;
  onAbort: (() => void) | undefined = undefined;
  constructor(
    readonly settle: (outcome: WaitOutcome) => void,
    readonly enqueuedAt: number,
  ) {}
}

/**
 * A counting semaphore with a FIFO queue. Admission is check-and-increment in one synchronous step;
 * a released slot is handed straight to the oldest waiter (so nothing can barge in between).
 */
export class Limiter {
  active = 0;
  queued = 0;
  peakActive = 0;
  accepted = 0;
  rejected = 0;
  timedOut = 0;
  cancelled = 0;
  private head: Waiter | null = null;
  private tail: Waiter | null = null;

  constructor(readonly ctx: LimiterContext) {}

  get busy(): boolean {
    return this.active > 0 || this.queued > 0;
  }

  /** Takes a slot now if one is free and nobody is waiting. */
  tryAcquire(): boolean {
    if (this.head !== null || this.active >= this.ctx.limits.maxConcurrent) return false;
    const wasIdle = this.active === 0 && this.queued === 0;
    this.active++;
    if (this.active > this.peakActive) this.peakActive = this.active;
    this.accepted++;
    if (wasIdle) this.ctx.onBusyChange?.(this, true);
    return true;
  }

  /** Whether `enqueue` would accept a waiter now. */
  canQueue(): boolean {
    return this.queued < this.ctx.limits.maxQueue;
  }

  /**
   * Waits for a slot. Call after `tryAcquire` failed. Resolves "granted" (the slot is now held by
   * the caller), "timeout", "cancelled" or "full" (queue full: nothing was queued).
   */
  enqueue(signal?: AbortSignal): Promise<WaitOutcome> {
    if (signal?.aborted) {
      this.cancelled++;
      return Promise.resolve("cancelled");
    }
    if (this.queued >= this.ctx.limits.maxQueue) {
      this.rejected++;
      return Promise.resolve("full");
    }
    return new Promise<WaitOutcome>((resolve) => {
      const w = new Waiter(resolve, this.ctx.clock.now());
      this.push(w);
      const timeoutMs = this.ctx.limits.queueTimeoutMs;
      if (timeoutMs > 0) {
        w.timer = this.ctx.clock.setTimeout(() => {
          w.timer = undefined;
          this.timedOut++;
          this.drop(w, "timeout");
        }, timeoutMs);
      }
      if (signal) {
        w.signal = signal;
        w.onAbort = () => {
          this.cancelled++;
          this.drop(w, "cancelled");
        };
        signal.addEventListener("abort", w.onAbort, { once: true });
      }
    });
  }

  /** Gives a slot back: to the oldest waiter if any, else frees it. */
  release(): void {
    const w = this.head;
    if (w !== null && this.active <= this.ctx.limits.maxConcurrent) {
      this.unlink(w);
      this.accepted++;
      w.settle("granted"); // active stays: the slot passes to the waiter
      return;
    }
    if (this.active > 0) this.active--;
    this.fill();
    if (this.active === 0 && this.queued === 0) this.ctx.onBusyChange?.(this, false);
  }

  /** Admits waiters while slots are free (after raising maxConcurrent). */
  fill(): void {
    const limits = this.ctx.limits;
    while (this.head !== null && this.active < limits.maxConcurrent) {
      const w = this.head;
      this.unlink(w);
      this.active++;
      if (this.active > this.peakActive) this.peakActive = this.active;
      this.accepted++;
      w.settle("granted");
    }
  }

  /** Rejects the newest waiters beyond maxQueue (after lowering it). */
  trim(): void {
    while (this.tail !== null && this.queued > this.ctx.limits.maxQueue) {
      this.rejected++;
      this.drop(this.tail, "full");
    }
  }

  private push(w: Waiter): void {
    const wasIdle = this.active === 0 && this.queued === 0;
    w.prev = this.tail;
    if (this.tail) this.tail.next = w;
    else this.head = w;
    this.tail = w;
    this.queued++;
    if (wasIdle) this.ctx.onBusyChange?.(this, true);
  }

  private drop(w: Waiter, outcome: WaitOutcome): void {
    this.unlink(w);
    w.settle(outcome);
    if (this.active === 0 && this.queued === 0) this.ctx.onBusyChange?.(this, false);
  }

  private unlink(w: Waiter): void {
    if (w.prev) w.prev.next = w.next;
    else this.head = w.next;
    if (w.next) w.next.prev = w.prev;
    else this.tail = w.prev;
    w.prev = w.next = null;
    this.queued--;
    if (w.timer !== undefined) {
      this.ctx.clock.clearTimeout(w.timer);
      w.timer = undefined;
    }
    if (w.signal && w.onAbort) w.signal.removeEventListener("abort", w.onAbort);
    w.signal = undefined;
    w.onAbort = undefined;
  }
}
