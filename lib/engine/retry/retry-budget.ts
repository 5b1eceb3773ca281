import type { Clock } from "../clock";

export interface RetryBudgetOptions {
  /** Retries allowed as a percentage of calls in the window. */
  percent: number;
  /** Window length in seconds. Default 10. */
  windowSeconds?: number;
  /** Retries always allowed per second of window, however few calls there were. Default 1. */
  minPerSecond?: number;
}

export interface RetryBudgetStats {
  calls: number;
  retries: number;
  /** Retries the window allows in total right now. */
  allowance: number;
}

/**
 * Caps retries at `percent` % of calls over a sliding window (per-second buckets), with a floor of
 * `minPerSecond × windowSeconds`, so retries cannot multiply the load on a failing upstream.
 */
export class RetryBudget {
  private readonly seconds: number;
  private readonly minRetries: number;
  private readonly calls: Float64Array;
  private readonly retries: Float64Array;
  private head = -1;
  private callTotal = 0;
  private retryTotal = 0;

  constructor(
    private options: RetryBudgetOptions,
    private readonly clock: Clock,
  ) {
    this.seconds = options.windowSeconds ?? 10;
    this.minRetries = (options.minPerSecond ?? 1) * this.seconds;
    this.calls = new Float64Array(this.seconds);
    this.retries = new Float64Array(this.seconds);
  }

  /** Changes the allowed share of retries (an edited service); counts so far are kept. */
  setPercent(percent: number): void {
    this.options = { ...this.options, percent };
  }

  /** Counts one call (a first attempt); `now`: the clock's time, when the caller has just read it. */
  recordCall(now?: number): void {
    const b = this.bucket(now);
    this.calls[b] = (this.calls[b] as number) + 1;
    this.callTotal++;
  }

  /** Takes one retry from the budget if allowed. */
  tryRetry(): boolean {
    const b = this.bucket();
    if (this.retryTotal + 1 > this.allowance()) return false;
    this.retries[b] = (this.retries[b] as number) + 1;
    this.retryTotal++;
    return true;
  }

  stats(): RetryBudgetStats {
    this.bucket();
    return { calls: this.callTotal, retries: this.retryTotal, allowance: this.allowance() };
  }

  private allowance(): number {
    return Math.max(this.minRetries, Math.floor((this.callTotal * this.options.percent) / 100));
  }

  private bucket(now: number = this.clock.now()): number {
    const sec = Math.floor(now / 1000);
    if (sec > this.head) {
      if (this.head < 0 || sec - this.head >= this.seconds) {
        this.calls.fill(0);
        this.retries.fill(0);
        this.callTotal = 0;
        this.retryTotal = 0;
      } else {
        for (let s = this.head + 1; s <= sec; s++) {
          const i = s % this.seconds;
          this.callTotal -= this.calls[i] as number;
          this.retryTotal -= this.retries[i] as number;
          this.calls[i] = 0;
          this.retries[i] = 0;
        }
      }
      this.head = sec;
    }
    return ((this.head % this.seconds) + this.seconds) % this.seconds;
  }
}
