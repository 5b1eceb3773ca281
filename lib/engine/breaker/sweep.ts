import type { CircuitBreaker } from "./circuit-breaker";

/**
 * One sweep over many breakers: applies every due time-based transition (open → half_open,
 * override expiry), emitting its event, and returns when the next one is due — so a runtime can
 * keep a single timer for all breakers instead of one per breaker.
 */
export function tickBreakers(breakers: Iterable<CircuitBreaker>, now?: number): number | undefined {
  let next: number | undefined;
  for (const b of breakers) {
    if (now === undefined) b.tick();
    else b.tick(now);
    const at = b.nextTransitionAt();
    if (at !== undefined && (next === undefined || at < next)) next = at;
  }
  return next;
}
