import { randomUUID } from "node:crypto";
import type { Db } from "../client";

/** Failed logins per key (username + IP), kept in the database so every instance sees them. */
export function createLoginFailuresRepo(db: Db) {
  return {
    async record(key: string, at: Date): Promise<void> {
      await db.loginFailure.create({ data: { id: randomUUID(), key, at } });
    },
    async since(key: string, from: Date): Promise<Date[]> {
      const rows = await db.loginFailure.findMany({
        where: { key, at: { gte: from } },
        orderBy: { at: "asc" },
        select: { at: true },
      });
      return rows.map((r) => r.at);
    },
    async clear(key: string): Promise<void> {
      await db.loginFailure.deleteMany({ where: { key } });
    },
    async prune(before: Date): Promise<void> {
      await db.loginFailure.deleteMany({ where: { at: { lt: before } } });
    },
  };
}
export type LoginFailuresRepo = ReturnType<typeof createLoginFailuresRepo>;
