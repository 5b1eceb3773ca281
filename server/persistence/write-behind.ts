// Write-behind queue for breaker history: transitions and snapshots are never dropped (they wait,
// and are retried, while the database is unavailable); metric samples are bounded and the oldest
// are dropped under pressure (counted). Flushed in batches, inside one transaction, off the request path:
// on SQLite the writer is a worker thread (sqlite-writer.ts), so a flush never blocks the event loop.
import { sleep, systemServerClock, type ServerClock } from "../clock";
import type { BreakerSampleRow, BulkheadSampleRow, HistoryBatch, HistoryWriter, SnapshotRow, TransitionRow } from "./repos/breaker-history";

export interface WriteBehindOptions {
  /** Batching interval, retry back-off and close()'s retries run on it (default: the system clock). */
  clock?: ServerClock;
  flushIntervalMs?: number;
  maxSamples?: number;
  onError?: (err: unknown, pending: number) => void;
}

export interface WriteBehindStats {
  pendingTransitions: number;
  pendingSnapshots: number;
  pendingSamples: number;
  droppedSamples: number;
  flushedRows: number;
  failedFlushes: number;
}

/** How soon a transition or urgent snapshot is flushed after it is queued. */
export const SOON_MS = 20;
/** The longest back-off between flushes after failures. */
export const MAX_BACKOFF_MS = 30_000;

/** Back-off after `failures` failed flushes in a row: the interval doubled per failure (up to 32×), at most MAX_BACKOFF_MS. */
export function backoffMs(intervalMs: number, failures: number): number {
  return Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** Math.min(failures, 5));
}

export function createWriteBehind(repo: HistoryWriter, opts: WriteBehindOptions = {}) {
  const clock = opts.clock ?? systemServerClock;
  const interval = opts.flushIntervalMs ?? 1000;
  const maxSamples = opts.maxSamples ?? 10_000;
  let transitions: TransitionRow[] = [];
  let snapshots = new Map<string, SnapshotRow>(); // only the latest per breaker matters
  let breakerSamples: BreakerSampleRow[] = [];
  let bulkheadSamples: BulkheadSampleRow[] = [];
  const stats = { droppedSamples: 0, flushedRows: 0, failedFlushes: 0 };
  let flushing: Promise<void> | null = null;
  let backoffUntil = 0;
  let failures = 0;

  const dropOldestSamples = () => {
    while (breakerSamples.length + bulkheadSamples.length > maxSamples) {
      if (breakerSamples.length >= bulkheadSamples.length) breakerSamples.shift();
      else bulkheadSamples.shift();
      stats.droppedSamples++;
    }
  };

  async function flushOnce(): Promise<void> {
    if (transitions.length === 0 && snapshots.size === 0 && breakerSamples.length === 0 && bulkheadSamples.length === 0) return;
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
    try {
      await repo.writeBatch(batch);
      stats.flushedRows += batch.transitions.length + batch.snapshots.length + batch.breakerSamples.length + batch.bulkheadSamples.length;
      failures = 0;
      backoffUntil = 0;
    } catch (err) {
      // Transitions and snapshots go back, older first (newer snapshots queued meanwhile win).
      // The batch's samples are dropped: they may be, and a bad sample must not block history.
      transitions = [...batch.transitions, ...transitions];
      const merged = new Map(batch.snapshots.map((s) => [s.name, s] as const));
      for (const [k, v] of snapshots) merged.set(k, v);
      snapshots = merged;
      stats.droppedSamples += batch.breakerSamples.length + batch.bulkheadSamples.length;
      stats.failedFlushes++;
      failures++;
      backoffUntil = clock.now() + backoffMs(interval, failures);
      opts.onError?.(err, transitions.length + snapshots.size);
      throw err;
    }
  }

  function flush(): Promise<void> {
    if (flushing) return flushing.then(() => flush());
    flushing = flushOnce().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  const stopTimer = clock.every(interval, () => {
    if (clock.now() < backoffUntil || flushing) return;
    flush().catch(() => undefined);
  });

  // History that matters is written soon after it happens, not only on the next interval.
  let soon: (() => void) | null = null;
  const flushSoon = () => {
    if (soon) return;
    soon = clock.after(SOON_MS, () => {
      soon = null;
      if (clock.now() >= backoffUntil) flush().catch(() => undefined);
    });
  };

  return {
    transition(t: TransitionRow): void {
      transitions.push(t);
      flushSoon();
    },
    /** A snapshot that must be persisted promptly (after a transition or an operator action). */
    urgentSnapshot(s: SnapshotRow): void {
      snapshots.set(s.name, s);
      flushSoon();
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
    flush,
    stats(): WriteBehindStats {
      return {
        pendingTransitions: transitions.length,
        pendingSnapshots: snapshots.size,
        pendingSamples: breakerSamples.length + bulkheadSamples.length,
        ...stats,
      };
    },
    /** Stops the timer and writes what is pending, retrying a few times. */
    async close(): Promise<void> {
      stopTimer();
      soon?.();
      for (let i = 0; i < 5; i++) {
        try {
          await flush();
          return;
        } catch {
          await sleep(clock, 200 * (i + 1));
        }
      }
    },
  };
}
export type WriteBehind = ReturnType<typeof createWriteBehind>;
