// Fixed log-scale latency buckets: bucket i holds durations in (B(i-1), B(i)] with
// B(i) = 0.1 ms × 2^(i/4) (about 19 % wide), from 0.1 ms to ~105 s, plus one overflow bucket.
// Index computation is O(1) and nothing is allocated per observation.

export const BUCKETS_PER_DOUBLING = 4;
export const MIN_MS = 0.1;
/** Number of bounded buckets; index LATENCY_BUCKETS is the overflow bucket. */
export const LATENCY_BUCKETS = 81;
export const HISTOGRAM_SIZE = LATENCY_BUCKETS + 1;

/** Upper bound (ms) of bucket i; Infinity for the overflow bucket. */
export function bucketUpperMs(i: number): number {
  return i >= LATENCY_BUCKETS ? Infinity : MIN_MS * 2 ** (i / BUCKETS_PER_DOUBLING);
}

export function bucketIndex(ms: number): number {
  if (!(ms > MIN_MS)) return 0;
  const i = Math.ceil(Math.log2(ms / MIN_MS) * BUCKETS_PER_DOUBLING - 1e-9);
  return i >= LATENCY_BUCKETS ? LATENCY_BUCKETS : i;
}

/**
 * The q-quantile (0 < q ≤ 1) of the counts in `hist` (HISTOGRAM_SIZE counters from `offset`),
 * interpolated geometrically inside its bucket; null without observations. The overflow bucket
 * reads as its lower bound.
 */
export function quantileMs(hist: ArrayLike<number>, q: number, offset = 0): number | null {
  let total = 0;
  for (let i = 0; i < HISTOGRAM_SIZE; i++) total += hist[offset + i] as number;
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < HISTOGRAM_SIZE; i++) {
    const n = hist[offset + i] as number;
    if (n === 0) continue;
    if (seen + n >= rank) {
      if (i === 0) return MIN_MS;
      const lower = bucketUpperMs(i - 1);
      if (i >= LATENCY_BUCKETS) return round(lower);
      const frac = Math.min(1, Math.max(0, (rank - seen) / n));
      return round(lower * (bucketUpperMs(i) / lower) ** frac);
    }
    seen += n;
  }
  return round(bucketUpperMs(LATENCY_BUCKETS - 1));
}

const round = (ms: number) => Math.round(ms * 100) / 100;
