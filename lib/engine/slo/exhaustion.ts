/**
 * Projected exhaustion. The remaining budget moves at (allowed fraction × call rate − bad rate),
 * both measured over the "1h" lookback: it only shrinks when the "1h" burn rate is above 1. So:
 * - the window has bad events and remaining ≤ 0 → `now` (already exhausted);
 * - "1h" burn ≤ 1 (or no calls) → undefined (not on course to run out);
 * - otherwise now + remaining / (bad/ms − f × calls/ms).
 * Events leaving the window are ignored (a first-order projection).
 */
export function projectExhaustion(
  now: number,
  bad: number,
  remaining: number,
  hourBad: number,
  hourTotal: number,
  hourSeconds: number,
  f: number,
): number | undefined {
  if (bad > 0 && remaining <= 1e-9) return now;
  if (hourTotal === 0) return undefined;
  const netPerMs = (hourBad - f * hourTotal) / (hourSeconds * 1000);
  if (!(netPerMs > 0) || hourBad / (hourTotal * f) <= 1) return undefined;
  return Math.round(now + remaining / netPerMs);
}
