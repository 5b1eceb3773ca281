import type { Db } from "../client";

export interface HealthCheckRow {
  id: string;
  service: string;
  protocol: string;
  target: string;
  intervalMs: number;
  timeoutMs: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  options: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}
export interface HealthMinuteRow {
  checkId: string;
  instance: string;
  minute: Date;
  up: number;
  down: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

export function createHealthRepo(db: Db) {
  return {
    async list(): Promise<HealthCheckRow[]> {
      return db.healthCheck.findMany({ orderBy: [{ service: "asc" }, { createdAt: "asc" }] });
    },
    async find(id: string): Promise<HealthCheckRow | null> {
      return db.healthCheck.findUnique({ where: { id } });
    },
    async create(row: Omit<HealthCheckRow, "createdAt" | "updatedAt">): Promise<HealthCheckRow> {
      return db.healthCheck.create({ data: row });
    },
    async update(id: string, patch: Omit<HealthCheckRow, "id" | "createdBy" | "createdAt" | "updatedAt">): Promise<HealthCheckRow> {
      return db.healthCheck.update({ where: { id }, data: patch });
    },
    async delete(id: string): Promise<boolean> {
      const r = await db.$transaction([db.healthMinute.deleteMany({ where: { checkId: id } }), db.healthCheck.deleteMany({ where: { id } })]);
      return r[1].count > 0;
    },
    /** Adds a minute's counts to this instance's row (latency figures: the latest written). */
    async writeMinutes(rows: HealthMinuteRow[]): Promise<void> {
      if (rows.length === 0) return;
      await db.$transaction(async (tx) => {
        for (const r of rows) {
          await tx.healthMinute.upsert({
            where: { checkId_instance_minute: { checkId: r.checkId, instance: r.instance, minute: r.minute } },
            create: r,
            update: { up: { increment: r.up }, down: { increment: r.down }, p50: r.p50, p95: r.p95, max: r.max },
          });
        }
      });
    },
    async minutes(checkId: string, since: Date): Promise<HealthMinuteRow[]> {
      return db.healthMinute.findMany({ where: { checkId, minute: { gte: since } }, orderBy: { minute: "asc" } });
    },
    async pruneMinutes(before: Date): Promise<void> {
      await db.healthMinute.deleteMany({ where: { minute: { lt: before } } });
    },
  };
}
export type HealthRepo = ReturnType<typeof createHealthRepo>;
