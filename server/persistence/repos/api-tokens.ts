import { randomUUID } from "node:crypto";
import type { Db } from "../client";
import type { Role } from "@/lib/contracts/roles";

export interface ApiTokenRecord {
  id: string;
  name: string;
  tokenHash: string;
  prefix: string;
  role: Role;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const asRecord = (t: { role: string } & Omit<ApiTokenRecord, "role">): ApiTokenRecord => ({
  ...t,
  role: t.role as Role,
});

export function createApiTokensRepo(db: Db) {
  return {
    async create(input: { name: string; tokenHash: string; prefix: string; role: Role; createdBy: string }) {
      return asRecord(await db.apiToken.create({ data: { id: randomUUID(), ...input } }));
    },
    async list(): Promise<ApiTokenRecord[]> {
      return (await db.apiToken.findMany({ orderBy: { createdAt: "desc" } })).map(asRecord);
    },
    async findById(id: string): Promise<ApiTokenRecord | null> {
      const t = await db.apiToken.findUnique({ where: { id } });
      return t ? asRecord(t) : null;
    },
    async findByHash(tokenHash: string): Promise<ApiTokenRecord | null> {
      const t = await db.apiToken.findUnique({ where: { tokenHash } });
      return t ? asRecord(t) : null;
    },
    async revoke(id: string): Promise<ApiTokenRecord> {
      return asRecord(await db.apiToken.update({ where: { id }, data: { revokedAt: new Date() } }));
    },
    async touch(id: string, at: Date): Promise<void> {
      await db.apiToken.update({ where: { id }, data: { lastUsedAt: at } });
    },
  };
}
export type ApiTokensRepo = ReturnType<typeof createApiTokensRepo>;
