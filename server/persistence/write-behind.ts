// Write-behind queue for breaker history: transitions and snapshots are never dropped (they wait,
// and are retried, while the database is unavailable); metric samples are bounded and the oldest
// are dropped under pressure (counted). Flushed in batches, inside one transaction, off the request path:
// on SQLite the writer is a worker thread (sqlite-writer.ts), so a flush never blocks the event loop.
// The pending rows live in write-behind-pending.ts; this file schedules the flushes and backs off.
import { sleep, systemServerClock, type ServerClock } from "../clock";
import type { HistoryWriter, SnapshotRow, TransitionRow } from "./repos/breaker-history";
import { batchRows, createPendingHistory } from "./write-behind-pending";

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

/** Flushes, retrying a few times with growing pauses; gives up quietly. */
async function flushWithRetries(flush: () => Promise<void>, clock: ServerClock): Promise<void> {
  for (let i = 0; i < 5; i++) {
    try {
      await flush();
      return;
    } catch {
      await sleep(clock, 200 * (i + 1));
    }
  }
}

export function createWriteBehind(repo: HistoryWriter, opts: WriteBehindOptions = {}) {
  const clock = opts.clock ?? systemServerClock;
  const interval = opts.flushIntervalMs ?? 1000;
  const maxSamples = opts.maxSamples ?? 10_000;
  const pending = createPendingHistory(maxSamples);
  const stats = { flushedRows: 0, failedFlushes: 0 };
  let flushing: Promise<void> | null = null;
  let backoffUntil = 0;
  let failures = 0;

  async function flushOnce(): Promise<void> {
    const batch = pending.take();
    if (!batch) return;
    try {
      await repo.writeBatch(batch);
      stats.flushedRows += batchRows(batch);
      failures = 0;
      backoffUntil = 0;
    } catch (err) {
      pending.putBack(batch);
      stats.failedFlushes++;
      failures++;
      backoffUntil = clock.now() + backoffMs(interval, failures);
      opts.onError?.(err, pending.durable());
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
      pending.transition(t);
      flushSoon();
    },
    /** A snapshot that must be persisted promptly (after a transition or an operator action). */
    urgentSnapshot(s: SnapshotRow): void {
      pending.snapshot(s);
      flushSoon();
    },
    snapshot: pending.snapshot,
    breakerSample: pending.breakerSample,
    bulkheadSample: pending.bulkheadSample,
    flush,
    stats(): WriteBehindStats {
      return { ...pending.counts(), ...stats };
    },
    /** Stops the timer and writes what is pending, retrying a few times. */
    async close(): Promise<void> {
      stopTimer();
      soon?.();
      await flushWithRetries(flush, clock);
    },
  };
}
export type WriteBehind = ReturnType<typeof createWriteBehind>;
