/**
 * Fixed-size ring of time buckets, each holding two counters (good, total). Bucket number
 * k = floor(epochMs / resolutionMs) lives in slot k mod size. Moving forward clears at most `size`
 * slots, so adding is amortised O(1); memory is 8 bytes per bucket (two Uint32 counters).
 *
 * A bucket is "in the ring" while head − size < k ≤ head, where head is the newest bucket seen.
 * Reads never move the ring: a reader asks for buckets relative to its own `now`, and buckets the
 * ring has not reached yet or has already dropped read as empty.
 */
export class BucketRing {
  private readonly data: Uint32Array;
  /** Newest bucket number seen; -1 while empty. */
  private head = -1;

  constructor(
    readonly resolutionMs: number,
    readonly size: number,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`BucketRing: size must be a positive integer`);
    this.data = new Uint32Array(size * 2);
  }

  /** Bytes of counter storage. */
  get byteLength(): number {
    return this.data.byteLength;
  }

  get newest(): number {
    return this.head;
  }

  bucketOf(epochMs: number): number {
    return Math.floor(epochMs / this.resolutionMs);
  }

  /** True when bucket k is still (or already) held. */
  holds(k: number): boolean {
    return k >= 0 && k <= this.head && k > this.head - this.size;
  }

  /** True when `add(k, …)` would count: k is held, or newer than anything held (the ring moves forward). */
  accepts(k: number): boolean {
    return k >= 0 && k > this.head - this.size;
  }

  /**
   * Adds to bucket k (moving the ring forward when k is newer than anything seen). Returns false
   * when k is too old to be held (or negative): nothing is counted then.
   */
  add(k: number, good: number, total: number): boolean {
    if (k < 0) return false;
    if (k > this.head) this.advance(k);
    else if (k <= this.head - this.size) return false;
    const s = (k % this.size) * 2;
    this.data[s] = (this.data[s] as number) + good;
    this.data[s + 1] = (this.data[s + 1] as number) + total;
    return true;
  }

  /** Overwrites bucket k (same rules as `add`). */
  set(k: number, good: number, total: number): boolean {
    if (k < 0) return false;
    if (k > this.head) this.advance(k);
    else if (k <= this.head - this.size) return false;
    const s = (k % this.size) * 2;
    this.data[s] = good;
    this.data[s + 1] = total;
    return true;
  }

  good(k: number): number {
    return this.holds(k) ? (this.data[(k % this.size) * 2] as number) : 0;
  }

  total(k: number): number {
    return this.holds(k) ? (this.data[(k % this.size) * 2 + 1] as number) : 0;
  }

  /**
   * Sums the `count` buckets ending at bucket `lastK` (inclusive): lastK − count < k ≤ lastK.
   * O(count), count ≤ size.
   */
  sum(lastK: number, count: number): { good: number; total: number } {
    let good = 0;
    let total = 0;
    const from = Math.max(lastK - count + 1, this.head - this.size + 1, 0);
    const to = Math.min(lastK, this.head);
    for (let k = from; k <= to; k++) {
      const s = (k % this.size) * 2;
      good += this.data[s] as number;
      total += this.data[s + 1] as number;
    }
    return { good, total };
  }

  /** Calls `fn` for every non-empty bucket held, oldest first. */
  forEach(fn: (k: number, good: number, total: number) => void): void {
    if (this.head < 0) return;
    for (let k = Math.max(0, this.head - this.size + 1); k <= this.head; k++) {
      const s = (k % this.size) * 2;
      const total = this.data[s + 1] as number;
      const good = this.data[s] as number;
      if (total !== 0 || good !== 0) fn(k, good, total);
    }
  }

  clear(): void {
    this.data.fill(0);
    this.head = -1;
  }

  private advance(k: number): void {
    if (this.head < 0 || k - this.head >= this.size) {
      this.data.fill(0);
    } else {
      for (let j = this.head + 1; j <= k; j++) {
        const s = (j % this.size) * 2;
        this.data[s] = 0;
        this.data[s + 1] = 0;
      }
    }
    this.head = k;
  }
}

/**
 * Events over the last `seconds` at `now`: the whole buckets the lookback covers (the current,
 * partial one included) plus the part of the bucket before them that still falls inside the
 * lookback, counted pro rata. Without that part a lookback of one bucket would read empty right
 * after every bucket boundary, and burn alerts would flap under a steady burn.
 */
export function lookbackSum(ring: BucketRing, seconds: number, now: number): { good: number; total: number } {
  const width = ring.resolutionMs;
  const current = ring.bucketOf(now);
  const count = Math.ceil((seconds * 1000) / width - 1e-9);
  const sum = ring.sum(current, count);
  const elapsedInCurrent = now - current * width;
  const uncovered = seconds * 1000 - ((count - 1) * width + elapsedInCurrent);
  if (uncovered > 0 && count < ring.size) {
    const before = ring.sum(current - count, 1);
    const share = Math.min(1, uncovered / width);
    sum.good += before.good * share;
    sum.total += before.total * share;
  }
  return sum;
}
