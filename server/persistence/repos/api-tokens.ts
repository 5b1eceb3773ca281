import { randomUUID } from "node:crypto";
import type { Db } from "../client";
import type { Role } from "@/lib/contracts/roles";
import { systemServerClock } from "../../clock";

export interface TokenOwner {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
}

export interface ApiTokenRecord {
  id: string;
  name: string;
  tokenHash: string;
  prefix: string;
  role: Role;
  createdBy: string;
  /** The user the token acts for; null when it was deleted (or never resolved): the token is dead. */
  ownerId: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export type ApiTokenWithOwner = ApiTokenRecord & { owner: TokenOwner | null };

const asRecord = (t: { role: string } & Omit<ApiTokenRecord, "role">): ApiTokenRecord => ({
  id: t.id,
  name: t.name,
  tokenHash: t.tokenHash,
  prefix: t.prefix,
  role: t.role as Role,
  createdBy: t.createdBy,
  ownerId: t.ownerId,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
});

const withOwner = (
  t: { role: string; owner: ({ role: string } & Omit<TokenOwner, "role">) | null } & Omit<ApiTokenRecord, "role">,
): ApiTokenWithOwner => ({ ...asRecord(t), owner: t.owner ? { ...t.owner, role: t.owner.role as Role } : null });

const OWNER = { owner: { select: { id: true, username: true, role: true, disabled: true } } } as const;

export function createApiTokensRepo(db: Db) {
  return {
    async create(input: { name: string; tokenHash: string; prefix: string; role: Role; createdBy: string; ownerId: string }) {
      return asRecord(await db.apiToken.create({ data: { id: randomUUID(), ...input } }));
    },
    async list(): Promise<ApiTokenRecord[]> {
      return (await db.apiToken.findMany({ orderBy: { createdAt: "desc" } })).map(asRecord);
    },
    async findById(id: string): Promise<ApiTokenRecord | null> {
      const t = await db.apiToken.findUnique({ where: { id } });
      return t ? asRecord(t) : null;
    },
    async findByHash(tokenHash: string): Promise<ApiTokenWithOwner | null> {
      const t = await db.apiToken.findUnique({ where: { tokenHash }, include: OWNER });
      return t ? withOwner(t) : null;
    },
    /** The given tokens with their owners (missing ids are left out). */
    async findManyWithOwner(ids: string[]): Promise<ApiTokenWithOwner[]> {
      if (ids.length === 0) return [];
      return (await db.apiToken.findMany({ where: { id: { in: ids } }, include: OWNER })).map(withOwner);
    },
    /** `at`: the caller's clock time (the system clock for callers without one). */
    async revoke(id: string, at: Date = new Date(systemServerClock.now())): Promise<ApiTokenRecord> {
      return asRecord(await db.apiToken.update({ where: { id }, data: { revokedAt: at } }));
    },
    async touch(id: string, at: Date): Promise<void> {
      await db.apiToken.update({ where: { id }, data: { lastUsedAt: at } });
    },
  };
}
export type ApiTokensRepo = ReturnType<typeof createApiTokensRepo>;
