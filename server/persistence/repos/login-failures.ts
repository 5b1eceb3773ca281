import { randomUUID } from "node:crypto";
import type { Db } from "../client";

/**
 * Sign-in attempts per key (username + IP), kept in the database so every instance sees them.
 * An attempt is a row inserted (and committed) before the password is checked; `countSince` after
 * the insert therefore sees at least every attempt committed before it, on every instance.
 */
export function createLoginFailuresRepo(db: Db) {
  return {
    /** Records an attempt; returns its id. */
    async record(key: string, at: Date): Promise<string> {
      const id = randomUUID();
      await db.loginFailure.create({ data: { id, key, at } });
      return id;
    },
    async since(key: string, from: Date): Promise<Date[]> {
      const rows = await db.loginFailure.findMany({
        where: { key, at: { gte: from } },
        orderBy: { at: "asc" },
        select: { at: true },
      });
      return rows.map((r) => r.at);
    },
    /** Takes back one attempt (one that was refused without being evaluated). */
    async remove(id: string): Promise<void> {
      await db.loginFailure.deleteMany({ where: { id } });
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
