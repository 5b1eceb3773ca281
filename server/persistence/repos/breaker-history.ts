// Breaker snapshots, transitions and metric samples. Written in batches by the write-behind queue.
import { randomUUID } from "node:crypto";
import type { Db } from "../client";

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

export function createBreakerHistoryRepo(db: Db) {
  return {
    /** Writes one batch in one transaction. */
    async writeBatch(b: HistoryBatch): Promise<void> {
      const chunks = <T>(rows: T[], size = 1000): T[][] => {
        const out: T[][] = [];
        for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
        return out;
      };
      // one transaction per batch; a large batch (after an outage) gets time to finish
      await db.$transaction(
        async (tx) => {
          for (const part of chunks(b.transitions)) {
            await tx.breakerTransition.createMany({ data: part.map((t) => ({ id: randomUUID(), ...t, actor: t.actor ?? null, detail: t.detail ?? null })) });
          }
          for (const s of b.snapshots) {
            await tx.breakerState.upsert({ where: { name: s.name }, create: s, update: { state: s.state, snapshot: s.snapshot, updatedAt: s.updatedAt } });
          }
          for (const part of chunks(b.breakerSamples)) await tx.breakerSample.createMany({ data: part.map((s) => ({ id: randomUUID(), ...s })) });
          for (const part of chunks(b.bulkheadSamples)) await tx.bulkheadSample.createMany({ data: part.map((s) => ({ id: randomUUID(), ...s })) });
        },
        { timeout: 60_000, maxWait: 10_000 },
      );
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
