import { LimiterBase, type AdaptiveLimiterDeps } from "./limiter-base";
import { aimdOptionsSchema, type AimdOptions, type AimdOptionsInput } from "./options";
import type { SampleWindow } from "./sample-window";

/** Weight of a window in the long RTT aimd reports (about 20 windows). */
const DISPLAY_EMA = 2 / 21;

/**
 * Additive increase, multiplicative decrease, once per window. A window with a timeout or a drop,
 * with failures at or above `failureRateThreshold` percent, or with an RTT above
 * `latencyThresholdMs` multiplies the limit by `backoffRatio`. Otherwise, if the limit was in use
 * (some call started with at least half the limit in flight, as Netflix's AIMDLimit checks), it
 * grows by `increaseBy`.
 */
export class AimdLimiter extends LimiterBase<AimdOptions> {
  readonly algorithm = "aimd" as const;

  constructor(options: AimdOptionsInput | AimdOptions, deps: AdaptiveLimiterDeps = {}) {
    super(aimdOptionsSchema.parse(options), deps);
  }

  protected update(w: SampleWindow, now: number): void {
    const o = this.options;
    const rtt = w.rtt();
    this.shortRtt = rtt;
    // for display only: aimd compares against the fixed latencyThresholdMs, not this average
    this.longRtt = this.longRtt === 0 ? rtt : this.longRtt + (rtt - this.longRtt) * DISPLAY_EMA;
    const failed = w.timeouts > 0 || w.dropped > 0 || (w.failures * 100) / w.count >= o.failureRateThreshold;
    const slow = rtt > o.latencyThresholdMs;
    if (failed || slow) {
      // floor, so even a small limit actually shrinks (an estimate of 4.5 would still publish 4)
      this.setEstimate(Math.floor(this.estimate * o.backoffRatio));
      this.publish(failed ? "backoff_error" : "backoff_latency", now);
    } else if (w.maxInflight * 2 >= this.estimate) {
      this.setEstimate(this.estimate + o.increaseBy);
      this.publish("increase", now);
    }
  }
}

export function createAimdLimiter(options: AimdOptionsInput, deps?: AdaptiveLimiterDeps): AimdLimiter {
  return new AimdLimiter(options, deps);
}
