// The cluster's trip decision over the window summaries every instance shares: the engine's one
// trip rule on the merged counts, and only when at least `quorum` instances each see the rate.
import type { BreakerRegistry } from "../breakers/registry";
import { tripReason, type TripReason, type TripRuleOptions, type WindowSummary } from "@/lib/engine/breaker/trip-rule";

/** A summary older than this is a silent instance's and no longer counts. */
export const STALE_WINDOW_MS = 5_000;

export interface InstanceWindow extends WindowSummary {
  /** When the instance pushed it (epoch ms). */
  at: number;
}

export function mergedTripReason(windows: Iterable<InstanceWindow>, o: TripRuleOptions, quorum: number, now: number): TripReason | null {
  // consecutive failures are a single breaker's rule: the merged windows only know rates
  const rates: TripRuleOptions = { ...o, consecutiveFailures: 0 };
  const anyCalls: TripRuleOptions = { ...rates, minimumCalls: 1 };
  const merged = { calls: 0, failures: 0, slow: 0 };
  let over = 0;
  for (const w of windows) {
    if (now - w.at > STALE_WINDOW_MS) continue;
    merged.calls += w.calls;
    merged.failures += w.failures;
    merged.slow += w.slow;
    if (tripReason(w, anyCalls) !== null) over++;
  }
  return over < quorum ? null : tripReason(merged, rates);
}

/** Trips a closed breaker when the shared windows (instance id → summary JSON) say so. */
export function tripOnMergedWindows(breakers: BreakerRegistry, name: string, shared: Record<string, string> | undefined, now: number): void {
  const b = breakers.guard(name);
  if (!shared || !b || b.state !== "closed") return;
  const windows = Object.values(shared).map((json) => JSON.parse(json) as InstanceWindow);
  const reason = mergedTripReason(windows, b.options, breakers.tripQuorum(name), now);
  if (reason) breakers.trip(name, reason, { actor: "cluster" });
}
