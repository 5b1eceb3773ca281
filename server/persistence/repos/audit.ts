import { randomUUID } from "node:crypto";
import type { AuditEntryEventDto } from "@/lib/contracts/realtime";
import type { Db } from "../client";
import { systemServerClock } from "../../clock";
import { dialectOf, insertAtomically, part, type InsertSpec } from "./bulk-insert";

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

const ENTRIES: InsertSpec<AuditRecord> = {
  table: "AuditEntry",
  columns: ["id", "at", "actor", "action", "target", "before", "after", "reason", "ip"],
  values: (r) => [r.id, r.at, r.actor, r.action, r.target, r.before, r.after, r.reason, r.ip],
};

export function createAuditRepo(db: Db) {
  const dialect = dialectOf(db);
  return {
    /** `now`: the caller's clock time, epoch ms (the system clock for callers without one). All entries or none are stored. */
    async append(entries: AuditInput[], now: number = systemServerClock.now()): Promise<void> {
      const rows = entries.map((e, i) => ({
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
      }));
      await insertAtomically(db, dialect, [part(ENTRIES, rows)]);
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
