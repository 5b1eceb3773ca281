import { randomUUID } from "node:crypto";
import type { Db } from "../client";
import type { Role } from "@/lib/contracts/roles";
import { systemServerClock } from "../../clock";

export interface SessionWithUser {
  id: string;
  expiresAt: Date;
  revokedAt: Date | null;
  user: { id: string; username: string; role: Role; disabled: boolean };
}

const WITH_USER = { user: { select: { id: true, username: true, role: true, disabled: true } } } as const;

const withUser = (s: Omit<SessionWithUser, "user"> & { user: Omit<SessionWithUser["user"], "role"> & { role: string } }): SessionWithUser => ({
  id: s.id,
  expiresAt: s.expiresAt,
  revokedAt: s.revokedAt,
  user: { ...s.user, role: s.user.role as Role },
});

export function createSessionsRepo(db: Db) {
  return {
    async create(input: { tokenHash: string; userId: string; expiresAt: Date; ip?: string; userAgent?: string }) {
      return db.session.create({ data: { id: randomUUID(), ...input } });
    },
    async findByTokenHash(tokenHash: string): Promise<SessionWithUser | null> {
      const s = await db.session.findUnique({ where: { tokenHash }, include: WITH_USER });
      return s ? withUser(s) : null;
    },
    /** The given sessions with their users (missing ids are left out). */
    async findManyWithUser(ids: string[]): Promise<SessionWithUser[]> {
      if (ids.length === 0) return [];
      return (await db.session.findMany({ where: { id: { in: ids } }, include: WITH_USER })).map(withUser);
    },
    /** `at`: the caller's clock time (the system clock for callers without one). */
    async revoke(id: string, at: Date = new Date(systemServerClock.now())): Promise<void> {
      await db.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    },
    async revokeAllForUser(userId: string, at: Date): Promise<number> {
      const r = await db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: at } });
      return r.count;
    },
    async deleteExpired(now: Date): Promise<number> {
      const r = await db.session.deleteMany({ where: { expiresAt: { lt: now } } });
      return r.count;
    },
  };
}
export type SessionsRepo = ReturnType<typeof createSessionsRepo>;
