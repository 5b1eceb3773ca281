import { z } from "zod";
import { WindowTotals } from "./totals";

export const timeWindowSnapshotSchema = z.object({
  type: z.literal("time"),
  seconds: z.number().int().min(1),
  /** Epoch second of the newest bucket (-1 before the first record). */
  head: z.number().int(),
  /** [calls, failures, slow] per bucket, bucket i holding epoch seconds ≡ i (mod seconds). */
  buckets: z.array(z.number().int().min(0)),
});
export type TimeWindowSnapshot = z.output<typeof timeWindowSnapshotSchema>;

/**
 * Outcomes of the last `seconds` seconds in one bucket per second. Moving forward clears at most
 * `seconds` buckets, so a record is amortised O(1) and memory is 12 bytes per second.
 */
export class TimeWindow extends WindowTotals {
  private head = -1;
  private readonly buckets: Uint32Array;

  constructor(readonly seconds: number) {
    super();
    this.buckets = new Uint32Array(seconds * 3);
  }

  get capacity(): number {
    return Number.POSITIVE_INFINITY;
  }

  record(failed: boolean, slow: boolean, now: number): void {
    this.advance(now);
    const b = (((this.head % this.seconds) + this.seconds) % this.seconds) * 3;
    const buckets = this.buckets;
    buckets[b] = (buckets[b] as number) + 1;
    this.calls++;
    if (failed) {
      buckets[b + 1] = (buckets[b + 1] as number) + 1;
      this.failures++;
    }
    if (slow) {
      buckets[b + 2] = (buckets[b + 2] as number) + 1;
      this.slow++;
    }
  }

  advance(now: number): void {
    const sec = Math.floor(now / 1000);
    if (sec <= this.head) return; // same second, or the clock went backwards: keep the newest bucket
    if (this.head < 0 || sec - this.head >= this.seconds) {
      this.clear();
      this.head = sec;
      return;
    }
    const buckets = this.buckets;
    for (let s = this.head + 1; s <= sec; s++) {
      const b = (s % this.seconds) * 3;
      this.calls -= buckets[b] as number;
      this.failures -= buckets[b + 1] as number;
      this.slow -= buckets[b + 2] as number;
      buckets[b] = 0;
      buckets[b + 1] = 0;
      buckets[b + 2] = 0;
    }
    this.head = sec;
  }

  clear(): void {
    this.buckets.fill(0);
    this.resetTotals();
    this.head = -1;
  }

  toJSON(): TimeWindowSnapshot {
    return { type: "time", seconds: this.seconds, head: this.head, buckets: Array.from(this.buckets) };
  }

  restore(s: TimeWindowSnapshot): void {
    if (s.buckets.length !== this.seconds * 3) return;
    this.clear();
    this.buckets.set(s.buckets);
    this.head = s.head;
    for (let i = 0; i < this.buckets.length; i += 3) {
      this.calls += this.buckets[i] as number;
      this.failures += this.buckets[i + 1] as number;
      this.slow += this.buckets[i + 2] as number;
    }
  }
}
