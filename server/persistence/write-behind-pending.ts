// The rows the write-behind queue holds until a flush: transitions (all of them), the latest
// snapshot per breaker, and metric samples bounded by `maxSamples` (the oldest dropped, counted).
// A batch that failed to write goes back: transitions and snapshots first, its samples dropped.
import type { BreakerSampleRow, BulkheadSampleRow, HistoryBatch, SnapshotRow, TransitionRow } from "./repos/breaker-history";

export const batchRows = (b: HistoryBatch) => b.transitions.length + b.snapshots.length + b.breakerSamples.length + b.bulkheadSamples.length;

export function createPendingHistory(maxSamples: number) {
  let transitions: TransitionRow[] = [];
  let snapshots = new Map<string, SnapshotRow>(); // only the latest per breaker matters
  let breakerSamples: BreakerSampleRow[] = [];
  let bulkheadSamples: BulkheadSampleRow[] = [];
  let droppedSamples = 0;

  const dropOldestSamples = () => {
    while (breakerSamples.length + bulkheadSamples.length > maxSamples) {
      if (breakerSamples.length >= bulkheadSamples.length) breakerSamples.shift();
      else bulkheadSamples.shift();
      droppedSamples++;
    }
  };

  return {
    transition(t: TransitionRow): void {
      transitions.push(t);
    },
    snapshot(s: SnapshotRow): void {
      snapshots.set(s.name, s);
    },
    breakerSample(s: BreakerSampleRow): void {
      breakerSamples.push(s);
      dropOldestSamples();
    },
    bulkheadSample(s: BulkheadSampleRow): void {
      bulkheadSamples.push(s);
      dropOldestSamples();
    },
    /** Everything pending as one batch (the queue starts empty again), or null when nothing is. */
    take(): HistoryBatch | null {
      if (transitions.length === 0 && snapshots.size === 0 && breakerSamples.length === 0 && bulkheadSamples.length === 0) return null;
      const batch: HistoryBatch = {
        transitions,
        snapshots: [...snapshots.values()],
        breakerSamples,
        bulkheadSamples,
      };
      transitions = [];
      snapshots = new Map();
      breakerSamples = [];
      bulkheadSamples = [];
      return batch;
    },
    /** A batch that could not be written: its history queued again, its samples dropped. */
    putBack(batch: HistoryBatch): void {
      // Transitions and snapshots go back, older first (newer snapshots queued meanwhile win).
      // The batch's samples are dropped: they may be, and a bad sample must not block history.
      transitions = [...batch.transitions, ...transitions];
      const merged = new Map(batch.snapshots.map((s) => [s.name, s] as const));
      for (const [k, v] of snapshots) merged.set(k, v);
      snapshots = merged;
      droppedSamples += batch.breakerSamples.length + batch.bulkheadSamples.length;
    },
    /** Rows that are never dropped (transitions and snapshots). */
    durable: (): number => transitions.length + snapshots.size,
    counts() {
      return {
        pendingTransitions: transitions.length,
        pendingSnapshots: snapshots.size,
        pendingSamples: breakerSamples.length + bulkheadSamples.length,
        droppedSamples,
      };
    },
  };
}
