import { LimiterBase, type AdaptiveLimiterDeps } from "./limiter-base";
import { gradient2OptionsSchema, type Gradient2Options, type Gradient2OptionsInput } from "./options";
import type { SampleWindow } from "./sample-window";

/**
 * Netflix's Gradient2, updated once per window: the window's RTT (short) is compared with an
 * exponential average of past windows (long). gradient = clamp(tolerance × long / short, 0.5, 1);
 * the proposed limit is limit × gradient + √limit (queue headroom), blended in by `smoothing`.
 *
 * The long average drifts up under sustained queueing (and knows nothing before the first
 * window), so, as Envoy's gradient controller does, the limit periodically drops to minLimit for
 * one window and that window's RTT becomes the new long RTT (see docs/ADAPTIVE.md).
 */
export class Gradient2Limiter extends LimiterBase<Gradient2Options> {
  readonly algorithm = "gradient2" as const;
  private readonly emaFactor: number;
  private probing: boolean;
  private nextProbeAt = Number.POSITIVE_INFINITY;
  /** The estimate to return to when a probe ends. */
  private resumeAt: number;

  constructor(options: Gradient2OptionsInput | Gradient2Options, deps: AdaptiveLimiterDeps = {}) {
    super(gradient2OptionsSchema.parse(options), deps);
    this.emaFactor = 2 / (this.options.longWindow + 1);
    this.probing = this.options.minRttProbeIntervalMs > 0;
    this.resumeAt = this.estimate;
    this.syncLimit();
  }

  /** True while the limit is held at minLimit to re-measure the no-load RTT. */
  get probingMinRtt(): boolean {
    return this.probing;
  }

  protected override algorithmLimit(): number {
    return this.probing ? this.options.minLimit : Math.floor(this.estimate);
  }

  protected override accepts(inflight: number): boolean {
    // during a probe, calls that started above the probe concurrency measure the old queue
    return !this.probing || inflight <= this.options.minLimit;
  }

  protected override onPinned(): void {
    if (this.probing) this.endProbe(this.clock.now());
  }

  protected update(w: SampleWindow, now: number): void {
    if (w.rttCount === 0) return;
    const short = w.rtt();
    this.shortRtt = short;
    if (this.probing) {
      this.longRtt = short;
      this.endProbe(now);
      this.publish("min_rtt_probe_done", now);
      return;
    }
    if (this.longRtt === 0) this.longRtt = short;
    else if (short <= this.longRtt) this.longRtt += (short - this.longRtt) * this.emaFactor;
    // latency back to normal after a long overload: let the long RTT catch up faster (Netflix)
    if (this.longRtt > 2 * short) this.longRtt *= 0.95;
    const limit = this.estimate;
    if (w.maxInflight >= limit / 2) {
      const ratio = short > 0 ? (this.options.tolerance * this.longRtt) / short : 1;
      const gradient = Math.max(0.5, Math.min(1, ratio));
      let proposed = limit * gradient + Math.sqrt(limit);
      if (w.dropped > 0) proposed = Math.min(proposed, limit); // the upstream shed load: no growth
      const s = this.options.smoothing;
      this.setEstimate(limit * (1 - s) + proposed * s);
    } // else app-limited: too few calls in flight to learn anything about a higher limit
    if (this.probeDue(now)) {
      this.probing = true;
      this.resumeAt = this.estimate;
      this.publish("min_rtt_probe", now);
      return;
    }
    this.publish("gradient", now);
  }

  private probeDue(now: number): boolean {
    return !this.pinned && now >= this.nextProbeAt;
  }

  private endProbe(now: number): void {
    this.probing = false;
    this.estimate = this.resumeAt;
    this.nextProbeAt = now + this.options.minRttProbeIntervalMs;
  }
}

export function createGradient2Limiter(options: Gradient2OptionsInput, deps?: AdaptiveLimiterDeps): Gradient2Limiter {
  return new Gradient2Limiter(options, deps);
}
