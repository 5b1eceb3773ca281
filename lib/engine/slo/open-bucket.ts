import type { BucketRing } from "./bucket-ring";

/**
 * The counts of the bucket being filled now that are not in the rings yet. Answers arrive in time
 * order, so nearly every event lands in the bucket the previous one opened: counting it is two
 * additions instead of a ring update and a dirty-map lookup per ring. The owner adds the counts to
 * its rings (`settle`) before it opens another bucket and before anything reads or changes them,
 * so every read sees exactly what a ring update per event would have given.
 */
export class OpenBucket {
  /** The open bucket's number (in the owner's finest resolution); NaN (equal to nothing) when none is open. */
  private k = Number.NaN;
  private good = 0;
  private total = 0;

  /** Adds to the open bucket when it is bucket `k`; false (nothing counted) otherwise. */
  add(k: number, good: number, total: number): boolean {
    if (k !== this.k) return false;
    this.good += good;
    this.total += total;
    return true;
  }

  /** Opens bucket `k` with these counts (settle the previous one first). */
  open(k: number, good: number, total: number): void {
    this.k = k;
    this.good = good;
    this.total = total;
  }

  /** Hands the open bucket's counts to `apply` (when it holds any) and closes it. */
  settle(apply: (k: number, good: number, total: number) => void): void {
    const { k, good, total } = this;
    this.k = Number.NaN;
    this.good = 0;
    this.total = 0;
    if (total > 0) apply(k, good, total);
  }
}

/** Increments per bucket not yet drained (written), as [good, total]. */
export type Dirty = Map<number, [good: number, total: number]>;

/** Adds to bucket k's undrained increments, keeping the map no larger than the ring. */
export function markDirty(dirty: Dirty, ring: BucketRing, k: number, good: number, total: number): void {
  const entry = dirty.get(k);
  if (entry) {
    entry[0] += good;
    entry[1] += total;
    return;
  }
  // Never drained for a whole ring: forget the oldest entries (in time order, those are buckets
  // the ring has dropped already), so the map stays bounded by the ring size. O(1).
  while (dirty.size >= ring.size) dirty.delete(dirty.keys().next().value as number);
  dirty.set(k, [good, total]);
}
