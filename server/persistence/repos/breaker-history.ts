// Breaker snapshots, transitions and metric samples. Written in batches by the write-behind queue.
import type { Db } from "../client";
import { dialectOf, insertAtomically, part, rowStatement, sortableId, type InsertSpec, type RowStatement } from "./bulk-insert";

export interface TransitionRow {
  name: string;
  from: string;
  to: string;
  reason: string;
  actor?: string | null;
  at: Date;
  detail?: string | null;
}
export interface SnapshotRow {
  name: string;
  state: string;
  snapshot: string;
  updatedAt: Date;
}
export interface BreakerSampleRow {
  name: string;
  at: Date;
  state: string;
  successful: number;
  failed: number;
  slow: number;
  rejected: number;
  /** JSON: the interval's answers by outcome (null in older rows). */
  answers?: string | null;
}
export interface BulkheadSampleRow {
  service: string;
  at: Date;
  maxActive: number;
  maxQueued: number;
  rejected: number;
  maxConcurrent: number;
  maxQueue: number;
}

export interface HistoryBatch {
  transitions: TransitionRow[];
  snapshots: SnapshotRow[];
  breakerSamples: BreakerSampleRow[];
  bulkheadSamples: BulkheadSampleRow[];
}

const TRANSITIONS: InsertSpec<TransitionRow> = {
  table: "BreakerTransition",
  columns: ["id", "name", "from", "to", "reason", "actor", "at", "detail"],
  values: (t) => [sortableId(), t.name, t.from, t.to, t.reason, t.actor ?? null, t.at, t.detail ?? null],
};
/** Snapshots are unique per name in a batch (the write-behind keeps only the latest). */
const SNAPSHOTS: InsertSpec<SnapshotRow> = {
  table: "BreakerState",
  columns: ["name", "state", "snapshot", "updatedAt"],
  values: (s) => [s.name, s.state, s.snapshot, s.updatedAt],
  onConflict: `ON CONFLICT ("name") DO UPDATE SET "state" = excluded."state", "snapshot" = excluded."snapshot", "updatedAt" = excluded."updatedAt"`,
};
const BREAKER_SAMPLES: InsertSpec<BreakerSampleRow> = {
  table: "BreakerSample",
  columns: ["id", "name", "at", "state", "successful", "failed", "slow", "rejected", "answers"],
  values: (s) => [sortableId(), s.name, s.at, s.state, s.successful, s.failed, s.slow, s.rejected, s.answers ?? null],
};
const BULKHEAD_SAMPLES: InsertSpec<BulkheadSampleRow> = {
  table: "BulkheadSample",
  columns: ["id", "service", "at", "maxActive", "maxQueued", "rejected", "maxConcurrent", "maxQueue"],
  values: (s) => [sortableId(), s.service, s.at, s.maxActive, s.maxQueued, s.rejected, s.maxConcurrent, s.maxQueue],
};

/** Writes history batches: the repo itself (Prisma, on the calling thread) or the SQLite writer thread. */
export interface HistoryWriter {
  writeBatch(b: HistoryBatch): Promise<void>;
}

/**
 * A batch as single-row statements in write order (transitions, snapshots, breaker and bulkhead
 * samples), at most `sliceRows` rows each, built one slice at a time so the caller can yield between.
 */
export function* historySlices(b: HistoryBatch, sliceRows: number): Generator<RowStatement> {
  const parts: [InsertSpec<never>, readonly unknown[]][] = [
    [TRANSITIONS, b.transitions],
    [SNAPSHOTS, b.snapshots],
    [BREAKER_SAMPLES, b.breakerSamples],
    [BULKHEAD_SAMPLES, b.bulkheadSamples],
  ];
  for (const [spec, rows] of parts) {
    for (let start = 0; start < rows.length; start += sliceRows) {
      yield rowStatement(spec, rows as never[], start, Math.min(rows.length, start + sliceRows));
    }
  }
}

export function createBreakerHistoryRepo(db: Db) {
  const dialect = dialectOf(db);
  return {
    /** Writes one batch atomically (multi-row INSERTs, rows in queue order): a small batch in one statement, a large one in a transaction. */
    async writeBatch(b: HistoryBatch): Promise<void> {
      await insertAtomically(db, dialect, [part(TRANSITIONS, b.transitions), part(SNAPSHOTS, b.snapshots), part(BREAKER_SAMPLES, b.breakerSamples), part(BULKHEAD_SAMPLES, b.bulkheadSamples)]);
    },
    async snapshots(): Promise<SnapshotRow[]> {
      return db.breakerState.findMany();
    },
    async deleteSnapshot(name: string): Promise<void> {
      await db.breakerState.deleteMany({ where: { name } });
    },
    async transitions(name: string, opts: { limit: number; before?: Date }): Promise<(TransitionRow & { id: string })[]> {
      return db.breakerTransition.findMany({
        where: { name, ...(opts.before ? { at: { lt: opts.before } } : {}) },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: opts.limit,
      });
    },
    async recentTransitions(limit: number): Promise<(TransitionRow & { id: string })[]> {
      return db.breakerTransition.findMany({ orderBy: [{ at: "desc" }, { id: "desc" }], take: limit });
    },
    async breakerSamples(name: string, since: Date): Promise<BreakerSampleRow[]> {
      return db.breakerSample.findMany({ where: { name, at: { gte: since } }, orderBy: { at: "asc" } });
    },
    async allBreakerSamples(since: Date): Promise<BreakerSampleRow[]> {
      return db.breakerSample.findMany({ where: { at: { gte: since } }, orderBy: { at: "asc" } });
    },
    async bulkheadSamples(service: string, since: Date): Promise<BulkheadSampleRow[]> {
      return db.bulkheadSample.findMany({ where: { service, at: { gte: since } }, orderBy: { at: "asc" } });
    },
    async pruneSamples(before: Date): Promise<void> {
      await db.breakerSample.deleteMany({ where: { at: { lt: before } } });
      await db.bulkheadSample.deleteMany({ where: { at: { lt: before } } });
    },
  };
}
export type BreakerHistoryRepo = ReturnType<typeof createBreakerHistoryRepo>;
