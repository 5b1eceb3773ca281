import type { Listener, Unsubscribe } from "../events";
import type { AdaptiveAlgorithm } from "./options";

/**
 * How a measured call ended. `failure`: the upstream answered with an error. `timeout`: we gave up
 * waiting (its RTT is the time waited). `dropped`: the upstream shed it (e.g. 429/503 overload).
 * Our own refusals (bulkhead full, circuit open) are not samples: feeding them back would make the
 * limit chase itself.
 */
export type SampleOutcome = "success" | "failure" | "timeout" | "dropped";

export type LimitChangeReason =
  /** gradient2: the RTT gradient (and queue headroom) moved the limit. */
  | "gradient"
  /** aimd: additive increase after a healthy window. */
  | "increase"
  /** aimd: multiplicative decrease after a window slower than the latency threshold. */
  | "backoff_latency"
  /** aimd: multiplicative decrease after timeouts, drops or too many failures. */
  | "backoff_error"
  /** gradient2: the limit drops to minLimit for one window to re-measure the no-load RTT. */
  | "min_rtt_probe"
  /** gradient2: the probe finished; the limit returns to its previous value. */
  | "min_rtt_probe_done"
  /** An operator pinned the limit. */
  | "pinned"
  /** An operator removed the pin; the algorithm's own limit applies again. */
  | "unpinned";

export interface LimitChangeEvent {
  name: string;
  from: number;
  to: number;
  reason: LimitChangeReason;
  /** The window's RTT and the long-term (baseline) RTT the decision was based on; 0 = not measured yet. */
  rttMs: { short: number; long: number };
  at: number;
}

export type AdaptiveLimiterEvents = { limitChange: LimitChangeEvent };

export interface AdaptiveLimiterSnapshot {
  algorithm: AdaptiveAlgorithm;
  limit: number;
  /** True while an operator pin is in force (`limit` is then the pinned value). */
  pinned: boolean;
  rttMs: { short: number; long: number };
  /** Time of the last limit change (epoch ms); undefined = never changed. */
  lastChangeAt: number | undefined;
}

/** Something that provides a concurrency limit that may change (the bulkhead follows it). */
export interface LimitSource {
  readonly limit: number;
  on(event: "limitChange", listener: Listener<LimitChangeEvent>): Unsubscribe;
}

/** A concurrency limit derived from observed latency. */
export interface AdaptiveLimiter extends LimitSource {
  readonly name: string;
  readonly algorithm: AdaptiveAlgorithm;
  /** Current limit: an integer within [minLimit, maxLimit] (or the pinned value). */
  readonly limit: number;
  readonly pinned: boolean;
  /**
   * Records one finished call: its round-trip time, how it ended, and how many calls were in
   * flight when it started (itself included). Allocation-free; the limit moves only when a
   * sample closes a window.
   */
  onSample(rttMs: number, outcome: SampleOutcome, inflight: number): void;
  /** Holds the limit at `limit` (an integer in [1, maxLimit]) until `unpin()`. */
  pin(limit: number): void;
  unpin(): void;
  snapshot(): AdaptiveLimiterSnapshot;
  toJSON(): AdaptiveLimiterSnapshot;
}
