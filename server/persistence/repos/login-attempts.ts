import type { Db } from "../client";

export interface AttemptCount {
  /** This attempt's number within its window (1 for the first). */
  count: number;
  /** When the window began (epoch ms). */
  windowStart: number;
}

/**
 * Sign-in attempts per key (username + IP) in fixed windows, kept in the database so every
 * instance shares them. `increment` is one atomic upsert returning the new count, so concurrent
 * attempts — on any instance — each get a distinct number.
 */
export function createLoginAttemptsRepo(db: Db) {
  return {
    /** Counts one attempt: starts a new window at `now` when the key has none or its window began at or before `expiredBefore`. */
    async increment(key: string, now: number, expiredBefore: number): Promise<AttemptCount> {
      const rows = await db.$queryRaw<Array<{ count: number | bigint; windowStart: number | bigint }>>`
        INSERT INTO "LoginAttempt" ("key", "windowStart", "count") VALUES (${key}, ${now}, 1)
        ON CONFLICT ("key") DO UPDATE SET
          "count" = CASE WHEN "LoginAttempt"."windowStart" <= ${expiredBefore} THEN 1 ELSE "LoginAttempt"."count" + 1 END,
          "windowStart" = CASE WHEN "LoginAttempt"."windowStart" <= ${expiredBefore} THEN ${now} ELSE "LoginAttempt"."windowStart" END
        RETURNING "count", "windowStart"`;
      const row = rows[0];
      if (!row) throw new Error("login attempt upsert returned no row");
      return { count: Number(row.count), windowStart: Number(row.windowStart) };
    },
    async get(key: string): Promise<AttemptCount | null> {
      const row = await db.loginAttempt.findUnique({ where: { key } });
      return row ? { count: row.count, windowStart: Number(row.windowStart) } : null;
    },
    async clear(key: string): Promise<void> {
      await db.loginAttempt.deleteMany({ where: { key } });
    },
    /** Deletes windows that began before `before` (epoch ms). */
    async prune(before: Date): Promise<void> {
      await db.loginAttempt.deleteMany({ where: { windowStart: { lt: BigInt(before.getTime()) } } });
    },
  };
}
export type LoginAttemptsRepo = ReturnType<typeof createLoginAttemptsRepo>;
