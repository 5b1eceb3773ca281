import type { Db } from "../client";

export interface ServiceRow {
  name: string;
  config: string;
  source: string;
  createdAt: Date;
  updatedAt: Date;
}

export function createServicesRepo(db: Db) {
  return {
    async list(): Promise<ServiceRow[]> {
      return db.service.findMany({ orderBy: { name: "asc" } });
    },
    async find(name: string): Promise<ServiceRow | null> {
      return db.service.findUnique({ where: { name } });
    },
    async create(row: { name: string; config: string; source: string }): Promise<ServiceRow> {
      return db.service.create({ data: row });
    },
    async update(name: string, patch: { config: string; source?: string }): Promise<ServiceRow> {
      return db.service.update({ where: { name }, data: patch });
    },
    async upsert(row: { name: string; config: string; source: string }): Promise<ServiceRow> {
      return db.service.upsert({ where: { name: row.name }, create: row, update: { config: row.config, source: row.source } });
    },
    async delete(name: string): Promise<boolean> {
      const r = await db.service.deleteMany({ where: { name } });
      return r.count > 0;
    },
  };
}
export type ServicesRepo = ReturnType<typeof createServicesRepo>;
