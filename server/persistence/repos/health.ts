import type { Db } from "../client";
import { dialectOf, insertAtomically, part, type InsertSpec } from "./bulk-insert";

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

/** Counts add up; latency figures are the latest written. */
const MINUTES: InsertSpec<HealthMinuteRow> = {
  table: "HealthMinute",
  columns: ["checkId", "instance", "minute", "up", "down", "p50", "p95", "max"],
  values: (r) => [r.checkId, r.instance, r.minute, r.up, r.down, r.p50, r.p95, r.max],
  onConflict:
    `ON CONFLICT ("checkId", "instance", "minute") DO UPDATE SET "up" = "HealthMinute"."up" + excluded."up", ` +
    `"down" = "HealthMinute"."down" + excluded."down", "p50" = excluded."p50", "p95" = excluded."p95", "max" = excluded."max"`,
};

/** One row per key (a statement may not update the same row twice): counts summed, the later latency kept. */
function mergeMinutes(rows: HealthMinuteRow[]): HealthMinuteRow[] {
  const byKey = new Map<string, HealthMinuteRow>();
  for (const r of rows) {
    const k = `${r.checkId}\u0000${r.instance}\u0000${r.minute.getTime()}`;
    const prev = byKey.get(k);
    byKey.set(k, prev ? { ...r, up: prev.up + r.up, down: prev.down + r.down } : r);
  }
  return [...byKey.values()];
}

export function createHealthRepo(db: Db) {
  const dialect = dialectOf(db);
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
      const merged = mergeMinutes(rows);
      await insertAtomically(db, dialect, [part(MINUTES, merged)]);
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
