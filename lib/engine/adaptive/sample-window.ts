import type { SampleOutcome } from "./types";

/**
 * The samples of one window, aggregated into plain number fields (no per-sample allocation).
 * `reset()` empties it for reuse; the next `add()` starts the new window.
 */
export class SampleWindow {
  /** Time of the window's first sample; NaN while empty. */
  startedAt = Number.NaN;
  /** Every sample, whatever its outcome. */
  count = 0;
  /** Samples whose RTT is meaningful (successes and timeouts). */
  rttCount = 0;
  rttSum = 0;
  rttMax = 0;
  maxInflight = 0;
  failures = 0;
  timeouts = 0;
  dropped = 0;

  add(now: number, rttMs: number, outcome: SampleOutcome, inflight: number): void {
    if (this.count === 0) this.startedAt = now;
    this.count++;
    if (inflight > this.maxInflight) this.maxInflight = inflight;
    switch (outcome) {
      case "failure":
        this.failures++;
        return; // a fast error says nothing about queueing: its RTT would flatter the upstream
      case "dropped":
        this.dropped++;
        return;
      case "timeout":
        this.timeouts++;
        break;
      case "success":
        break;
    }
    this.rttCount++;
    this.rttSum += rttMs;
    if (rttMs > this.rttMax) this.rttMax = rttMs;
  }

  /**
   * The window's RTT: the mean without its single slowest sample once there are three or more,
   * so one outlier (a GC pause, a cold cache) cannot move the limit on its own. 0 when no RTT.
   */
  rtt(): number {
    if (this.rttCount === 0) return 0;
    if (this.rttCount < 3) return this.rttSum / this.rttCount;
    return (this.rttSum - this.rttMax) / (this.rttCount - 1);
  }

  reset(): void {
    this.startedAt = Number.NaN;
    this.count = 0;
    this.rttCount = 0;
    this.rttSum = 0;
    this.rttMax = 0;
    this.maxInflight = 0;
    this.failures = 0;
    this.timeouts = 0;
    this.dropped = 0;
  }
}
