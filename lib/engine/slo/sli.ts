// Which gateway answers an SLO counts, and how. The SLI measures what clients get: every answer
// counts, and the gateway refusing to call the upstream (open breaker, full service bulkhead) is
// a bad event. A separate upstream-only figure (answers that reached the upstream) drives the
// SLO → breaker trip, so the breaker never feeds on its own refusals.
import type { TrafficOutcome } from "@/lib/contracts/traffic";
import type { Sli } from "./options";

export interface SliEvent {
  good: boolean;
  /** The upstream was called: the event also counts for the upstream-only burn (breaker trip). */
  upstream: boolean;
}

const GOOD_UPSTREAM: SliEvent = Object.freeze({ good: true, upstream: true });
const BAD_UPSTREAM: SliEvent = Object.freeze({ good: false, upstream: true });
const REFUSED: SliEvent = Object.freeze({ good: false, upstream: false });

/**
 * - success / upstream_error / timeout / unreachable: the upstream was called. Availability: good
 *   only for a success; latency: good when faster than the threshold.
 * - circuit_open, bulkhead_full: bad (the client got a 503).
 * - user_limit: excluded, or bad with `countUserLimited`.
 * - bad_request, client_closed: excluded (the client's own request, or nobody waiting).
 * Returns null for an excluded answer.
 */
export function classifySliAnswer(sli: Sli, outcome: TrafficOutcome, durationMs: number): SliEvent | null {
  switch (outcome) {
    case "success":
    case "upstream_error":
    case "timeout":
    case "unreachable": {
      const good = sli.type === "availability" ? outcome === "success" : durationMs < sli.thresholdMs;
      return good ? GOOD_UPSTREAM : BAD_UPSTREAM;
    }
    case "circuit_open":
    case "bulkhead_full":
      return REFUSED;
    case "user_limit":
      return sli.countUserLimited ? REFUSED : null;
    default:
      return null;
  }
}
