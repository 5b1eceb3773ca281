import type { BreakerOptions } from "./options";

/** What the trip rule reads from a window (one instance's, or several merged). */
export interface WindowSummary {
  calls: number;
  failures: number;
  slow: number;
  /** Failures in a row (only a single breaker's own window knows it). */
  consecutiveFailures?: number;
}

export type TripRuleOptions = Pick<BreakerOptions, "failureRateThreshold" | "slowCallRateThreshold" | "consecutiveFailures" | "minimumCalls">;

export type TripReason = "consecutive_failures" | "failure_rate" | "slow_call_rate";

/**
 * The one trip rule, used by the breaker on its own window and by a cluster on merged windows.
 * Trips when the rate reaches the threshold exactly (≥), once the window holds `minimumCalls`
 * calls (or is full, when it holds fewer than that: `capacity`); consecutive failures trip at once.
 */
export function tripReason(w: WindowSummary, o: TripRuleOptions, capacity = Number.POSITIVE_INFINITY): TripReason | null {
  if (o.consecutiveFailures > 0 && (w.consecutiveFailures ?? 0) >= o.consecutiveFailures) return "consecutive_failures";
  if (w.calls === 0 || w.calls < Math.min(o.minimumCalls, capacity)) return null;
  if (w.failures * 100 >= o.failureRateThreshold * w.calls) return "failure_rate";
  if (w.slow * 100 >= o.slowCallRateThreshold * w.calls) return "slow_call_rate";
  return null;
}
