// An alert's writes as plain SQL, each all or nothing in one round trip where the engine allows:
// they happen at every fire, acknowledgement and resolve, and Prisma's model queries (an UPDATE
// with a nested note and the rows read back) cost several times the CPU and round trips.
import { randomUUID } from "node:crypto";
import type { Db } from "../client";
import type { AlertRow } from "./alerts";
import { dialectOf, insertAtomically, part, type InsertSpec } from "./bulk-insert";

const ALERTS: InsertSpec<AlertRow> = {
  table: "Alert",
  columns: ["id", "fingerprint", "source", "severity", "status", "title", "labels", "annotations", "startsAt", "endsAt", "acknowledgedBy", "acknowledgedAt", "resolvedBy", "silenced"],
  values: (a) => [a.id, a.fingerprint, a.source, a.severity, a.status, a.title, a.labels, a.annotations, a.startsAt, a.endsAt, a.acknowledgedBy, a.acknowledgedAt, a.resolvedBy, a.silenced],
};

/** The fields of an alert that change after it fired. */
export type AlertPatch = Pick<AlertRow, "status" | "endsAt" | "acknowledgedBy" | "acknowledgedAt" | "resolvedBy">;
export interface AlertNoteInput {
  author: string;
  kind: string;
  comment?: string | null;
  at: Date;
}

export function createAlertWrites(db: Db) {
  const dialect = dialectOf(db);
  const p = (i: number) => (dialect === "postgresql" ? `$${i}` : "?");
  const setPatch = `UPDATE "Alert" SET "status" = ${p(1)}, "endsAt" = ${p(2)}, "acknowledgedBy" = ${p(3)}, "acknowledgedAt" = ${p(4)}, "resolvedBy" = ${p(5)} WHERE "id" = ${p(6)}`;
  const patchValues = (id: string, a: AlertPatch) => [a.status, a.endsAt, a.acknowledgedBy, a.acknowledgedAt, a.resolvedBy, id];
  const noteColumns = `"AlertNote" ("id", "alertId", "at", "author", "kind", "comment")`;

  /** Rows changed: the UPDATE's on PostgreSQL (the note's INSERT reads its row), else the UPDATE's of one transaction with a conditional INSERT. */
  async function patchWithNote(id: string, patch: AlertPatch, note: AlertNoteInput): Promise<number> {
    const n = [randomUUID(), note.at, note.author, note.kind, note.comment ?? null];
    if (dialect === "postgresql") {
      const sql = `WITH "u" AS (${setPatch} RETURNING "id") INSERT INTO ${noteColumns} SELECT $7, "u"."id", $8, $9, $10, $11 FROM "u"`;
      return db.$executeRawUnsafe(sql, ...patchValues(id, patch), ...n);
    }
    const insertNote = `INSERT INTO ${noteColumns} SELECT ?, "id", ?, ?, ?, ? FROM "Alert" WHERE "id" = ?`;
    const [updated] = await db.$transaction([db.$executeRawUnsafe(setPatch, ...patchValues(id, patch)), db.$executeRawUnsafe(insertNote, ...n, id)]);
    return updated;
  }

  return {
    /** Stores a new alert (one INSERT). */
    async insert(a: AlertRow): Promise<void> {
      await insertAtomically(db, dialect, [part(ALERTS, [a])]);
    },
    /** Stores an alert's changed fields and, with `note`, appends the note, all or nothing. Throws when the alert is not stored. */
    async update(id: string, patch: AlertPatch, note?: AlertNoteInput): Promise<void> {
      const updated = note ? await patchWithNote(id, patch, note) : await db.$executeRawUnsafe(setPatch, ...patchValues(id, patch));
      if (updated === 0) throw new Error(`alert '${id}' is not stored`);
    },
  };
}
