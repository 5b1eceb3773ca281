// One service's answers: cumulative counts by outcome, and a ring of 10-second slots (counts by
// outcome + latency histogram) covering the last 15 minutes. Typed arrays fixed at construction:
// recording is O(1) and allocates nothing (a slot is cleared once when it is reused).
import { TRAFFIC_OUTCOMES } from "@/lib/contracts/traffic";
import { HISTOGRAM_SIZE, bucketIndex } from "./histogram";

export const SLOT_MS = 10_000;
export const SLOTS = 90;
export const OUTCOME_COUNT = TRAFFIC_OUTCOMES.length;

export class ServiceStats {
  /** Answers since start, by outcome index. */
  readonly totals = new Float64Array(OUTCOME_COUNT);
  /** slot s: counts at s × OUTCOME_COUNT, histogram at s × HISTOGRAM_SIZE. */
  readonly counts = new Uint32Array(SLOTS * OUTCOME_COUNT);
  readonly hist = new Uint32Array(SLOTS * HISTOGRAM_SIZE);
  /** The slot number (floor(t / SLOT_MS)) each slot holds; -1 when empty. */
  readonly keys = new Float64Array(SLOTS).fill(-1);

  record(outcome: number, ms: number, now: number, timed: boolean): void {
    this.totals[outcome]! += 1;
    const k = Math.floor(now / SLOT_MS);
    const s = k % SLOTS;
    if (this.keys[s] !== k) {
      this.counts.fill(0, s * OUTCOME_COUNT, (s + 1) * OUTCOME_COUNT);
      this.hist.fill(0, s * HISTOGRAM_SIZE, (s + 1) * HISTOGRAM_SIZE);
      this.keys[s] = k;
    }
    this.counts[s * OUTCOME_COUNT + outcome]! += 1;
    if (timed) this.hist[s * HISTOGRAM_SIZE + bucketIndex(ms)]! += 1;
  }

  /** The ring slot holding slot number k, or -1 when k is not held. */
  slotOf(k: number): number {
    const s = k % SLOTS;
    return this.keys[s] === k ? s : -1;
  }
}
