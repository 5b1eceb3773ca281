import { systemClock, type Clock } from "../clock";
import { EventHub, type Listener, type Unsubscribe } from "../events";
import type { AdaptiveAlgorithm } from "./options";
import { SampleWindow } from "./sample-window";
import type {
  AdaptiveLimiter,
  AdaptiveLimiterEvents,
  AdaptiveLimiterSnapshot,
  LimitChangeReason,
  SampleOutcome,
} from "./types";

export interface AdaptiveLimiterDeps {
  name?: string;
  clock?: Clock;
}

interface CommonOptions {
  minLimit: number;
  maxLimit: number;
  initialLimit: number;
  sampleWindowMs: number;
  minSamples: number;
}

/**
 * What both algorithms share: the sample window, the float estimate behind the integer limit,
 * pinning and the `limitChange` event. A subclass implements `update()`, called once per closed
 * window that holds at least `minSamples` samples.
 */
export abstract class LimiterBase<O extends CommonOptions> implements AdaptiveLimiter {
  abstract readonly algorithm: AdaptiveAlgorithm;
  readonly name: string;
  protected readonly clock: Clock;
  /** The algorithm's limit as a real number, always within [minLimit, maxLimit]. */
  protected estimate: number;
  protected shortRtt = 0;
  protected longRtt = 0;
  private readonly window = new SampleWindow();
  private current: number;
  private pinnedLimit: number | undefined = undefined;
  private lastChangeAt: number | undefined = undefined;
  private hub: EventHub<AdaptiveLimiterEvents> | null = null;

  constructor(
    readonly options: Readonly<O>,
    deps: AdaptiveLimiterDeps,
  ) {
    this.name = deps.name ?? "adaptive";
    this.clock = deps.clock ?? systemClock;
    this.estimate = options.initialLimit;
    this.current = options.initialLimit;
  }

  get limit(): number {
    return this.current;
  }

  get pinned(): boolean {
    return this.pinnedLimit !== undefined;
  }

  onSample(rttMs: number, outcome: SampleOutcome, inflight: number): void {
    if (!this.accepts(inflight)) return;
    const now = this.clock.now();
    const w = this.window;
    w.add(now, rttMs >= 0 && rttMs < Infinity ? rttMs : 0, outcome, inflight > 0 ? inflight : 1);
    if (now - w.startedAt < this.options.sampleWindowMs) return;
    if (w.count >= this.options.minSamples) this.update(w, now);
    w.reset();
  }

  pin(limit: number): void {
    if (!Number.isInteger(limit) || limit < 1 || limit > this.options.maxLimit) {
      throw new RangeError(`pinned limit must be an integer within [1, ${this.options.maxLimit}]`);
    }
    this.pinnedLimit = limit;
    this.onPinned();
    this.publish("pinned", this.clock.now());
  }

  unpin(): void {
    if (this.pinnedLimit === undefined) return;
    this.pinnedLimit = undefined;
    this.publish("unpinned", this.clock.now());
  }

  snapshot(): AdaptiveLimiterSnapshot {
    return {
      algorithm: this.algorithm,
      limit: this.current,
      pinned: this.pinned,
      rttMs: { short: round(this.shortRtt), long: round(this.longRtt) },
      lastChangeAt: this.lastChangeAt,
    };
  }

  toJSON(): AdaptiveLimiterSnapshot {
    return this.snapshot();
  }

  on<K extends keyof AdaptiveLimiterEvents>(event: K, listener: Listener<AdaptiveLimiterEvents[K]>): Unsubscribe {
    this.hub ??= new EventHub<AdaptiveLimiterEvents>();
    return this.hub.on(event, listener);
  }

  /** Moves the limit after a window; `w` is reset right after. */
  protected abstract update(w: SampleWindow, now: number): void;

  /** The algorithm's integer limit now (before any pin). */
  protected algorithmLimit(): number {
    return Math.floor(this.estimate);
  }

  /** Whether a sample counts (gradient2 skips calls started before a probe). */
  protected accepts(_inflight: number): boolean {
    return true;
  }

  protected onPinned(): void {}

  /** Sets the estimate, clamped to the bounds (a non-finite value keeps the old one). */
  protected setEstimate(value: number): void {
    if (!Number.isFinite(value)) return;
    this.estimate = Math.min(this.options.maxLimit, Math.max(this.options.minLimit, value));
  }

  /** Sets the public limit without an event (for a subclass constructor). */
  protected syncLimit(): void {
    this.current = this.pinnedLimit ?? this.algorithmLimit();
  }

  /** Recomputes the public limit and announces it if it changed. */
  protected publish(reason: LimitChangeReason, now: number): void {
    const next = this.pinnedLimit ?? this.algorithmLimit();
    const from = this.current;
    if (next === from) return;
    this.current = next;
    this.lastChangeAt = now;
    if (this.hub?.has("limitChange")) {
      const rttMs = { short: round(this.shortRtt), long: round(this.longRtt) };
      this.hub.emit("limitChange", { name: this.name, from, to: next, reason, rttMs, at: now });
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
