import { randomUUID } from "node:crypto";
import type { AuditEntryEventDto } from "@/lib/contracts/realtime";
import type { Db } from "../client";
import { systemServerClock } from "../../clock";

/** An audit entry to write: what the live `audit:entry` event carries (less its time), plus the client IP. */
export type AuditInput = Omit<AuditEntryEventDto, "at"> & { ip?: string | null };

export interface AuditRecord {
  id: string;
  at: Date;
  actor: string;
  action: string;
  target: string;
  before: string | null;
  after: string | null;
  reason: string | null;
  ip: string | null;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  before?: Date;
  since?: Date;
  limit: number;
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

export function createAuditRepo(db: Db) {
  return {
    /** `now`: the caller's clock time, epoch ms (the system clock for callers without one). */
    async append(entries: AuditInput[], now: number = systemServerClock.now()): Promise<void> {
      if (entries.length === 0) return;
      await db.auditEntry.createMany({
        data: entries.map((e, i) => ({
          id: randomUUID(),
          // strictly increasing within a batch so "newest first" keeps the order they happened in
          at: new Date(now + i),
          actor: e.actor,
          action: e.action,
          target: e.target,
          before: json(e.before),
          after: json(e.after),
          reason: e.reason ?? null,
          ip: e.ip ?? null,
        })),
      });
    },
    async list(f: AuditFilter): Promise<AuditRecord[]> {
      return db.auditEntry.findMany({
        where: {
          ...(f.actor ? { actor: f.actor } : {}),
          ...(f.action ? { action: { startsWith: f.action } } : {}),
          ...(f.target ? { target: { contains: f.target } } : {}),
          ...(f.before || f.since ? { at: { ...(f.before ? { lt: f.before } : {}), ...(f.since ? { gte: f.since } : {}) } } : {}),
        },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: f.limit,
      });
    },
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
