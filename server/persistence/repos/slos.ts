import type { Db } from "../client";
import { dialectOf, insertAtomically, part, type InsertSpec } from "./bulk-insert";

export interface SloRow {
  id: string;
  name: string;
  service: string;
  definition: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}
export interface SloBucketRow {
  sloId: string;
  instance: string;
  resolution: string;
  start: Date;
  good: number;
  total: number;
}

/** Adds to an existing row: buckets are per instance, and an instance may flush the same bucket twice. */
const BUCKETS: InsertSpec<SloBucketRow> = {
  table: "SloBucket",
  columns: ["sloId", "instance", "resolution", "start", "good", "total"],
  values: (r) => [r.sloId, r.instance, r.resolution, r.start, r.good, r.total],
  onConflict: `ON CONFLICT ("sloId", "instance", "resolution", "start") DO UPDATE SET "good" = "SloBucket"."good" + excluded."good", "total" = "SloBucket"."total" + excluded."total"`,
};

/** One row per key (a statement may not update the same row twice): counts summed. */
function mergeBuckets(rows: SloBucketRow[]): SloBucketRow[] {
  const byKey = new Map<string, SloBucketRow>();
  for (const r of rows) {
    const k = `${r.sloId}\u0000${r.instance}\u0000${r.resolution}\u0000${r.start.getTime()}`;
    const prev = byKey.get(k);
    byKey.set(k, prev ? { ...prev, good: prev.good + r.good, total: prev.total + r.total } : r);
  }
  return [...byKey.values()];
}

export function createSlosRepo(db: Db) {
  const dialect = dialectOf(db);
  return {
    async list(): Promise<SloRow[]> {
      return db.slo.findMany({ orderBy: { name: "asc" } });
    },
    async find(id: string): Promise<SloRow | null> {
      return db.slo.findUnique({ where: { id } });
    },
    async create(row: Omit<SloRow, "createdAt" | "updatedAt">): Promise<SloRow> {
      return db.slo.create({ data: row });
    },
    /** Updates the definition; with resetBuckets the history goes too, in the same transaction. */
    async update(id: string, patch: { name: string; service: string; definition: string }, opts: { resetBuckets?: boolean } = {}): Promise<SloRow> {
      if (!opts.resetBuckets) return db.slo.update({ where: { id }, data: patch });
      const [, row] = await db.$transaction([db.sloBucket.deleteMany({ where: { sloId: id } }), db.slo.update({ where: { id }, data: patch })]);
      return row;
    },
    async delete(id: string): Promise<boolean> {
      const r = await db.$transaction([db.sloBucket.deleteMany({ where: { sloId: id } }), db.slo.deleteMany({ where: { id } })]);
      return r[1].count > 0;
    },
    /** Adds increments to this instance's bucket rows (rows from all instances are summed at load). */
    async addToBuckets(rows: SloBucketRow[]): Promise<void> {
      if (rows.length === 0) return;
      const merged = mergeBuckets(rows);
      await insertAtomically(db, dialect, [part(BUCKETS, merged)]);
    },
    async buckets(sloId: string, since: Date): Promise<SloBucketRow[]> {
      return db.sloBucket.findMany({ where: { sloId, start: { gte: since } }, orderBy: { start: "asc" } });
    },
    /** Every SLO's bucket rows written by other instances since `since` (cluster sums). */
    async bucketsOfOthers(since: Date, instance: string): Promise<SloBucketRow[]> {
      return db.sloBucket.findMany({ where: { start: { gte: since }, instance: { not: instance } } });
    },
    async pruneBuckets(sloId: string, before: Date): Promise<void> {
      await db.sloBucket.deleteMany({ where: { sloId, start: { lt: before } } });
    },
  };
}
export type SlosRepo = ReturnType<typeof createSlosRepo>;
