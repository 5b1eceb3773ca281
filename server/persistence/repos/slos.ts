import type { Db } from "../client";

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

export function createSlosRepo(db: Db) {
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
      await db.$transaction(async (tx) => {
        for (const r of rows) {
          await tx.sloBucket.upsert({
            where: { sloId_instance_resolution_start: { sloId: r.sloId, instance: r.instance, resolution: r.resolution, start: r.start } },
            create: r,
            update: { good: { increment: r.good }, total: { increment: r.total } },
          });
        }
      });
    },
    async buckets(sloId: string, since: Date): Promise<SloBucketRow[]> {
      return db.sloBucket.findMany({ where: { sloId, start: { gte: since } }, orderBy: { start: "asc" } });
    },
    async pruneBuckets(sloId: string, before: Date): Promise<void> {
      await db.sloBucket.deleteMany({ where: { sloId, start: { lt: before } } });
    },
  };
}
export type SlosRepo = ReturnType<typeof createSlosRepo>;
