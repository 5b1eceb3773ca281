// Alerts with their notes, silences, notifiers and the delivery log.
import { randomUUID } from "node:crypto";
import type { Db } from "../client";
import { createAlertWrites } from "./alert-writes";

export interface AlertRow {
  id: string;
  fingerprint: string;
  source: string;
  severity: string;
  status: string;
  title: string;
  labels: string;
  annotations: string;
  startsAt: Date;
  endsAt: Date | null;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  resolvedBy: string | null;
  silenced: boolean;
}
export interface AlertNoteRow {
  id: string;
  alertId: string;
  at: Date;
  author: string;
  kind: string;
  comment: string | null;
}
export type AlertWithNotes = AlertRow & { notes: AlertNoteRow[] };

export interface SilenceRow {
  id: string;
  matchers: string;
  startsAt: Date;
  endsAt: Date;
  comment: string;
  createdBy: string;
  createdAt: Date;
}
export interface NotifierRow {
  id: string;
  name: string;
  type: string;
  config: string;
  createdBy: string;
  createdAt: Date;
}
export interface DeliveryRow {
  id: string;
  notifierId: string;
  alertId: string | null;
  status: string;
  attempt: number;
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
  at: Date;
}

/** A notifier as dispatch needs it. */
export type NotifierTarget = Pick<NotifierRow, "id" | "name" | "type" | "config">;

export function createAlertsRepo(db: Db) {
  return {
    ...createAlertWrites(db),
    async find(id: string): Promise<AlertWithNotes | null> {
      return db.alert.findUnique({ where: { id }, include: { notes: { orderBy: { at: "asc" } } } });
    },
    async open(): Promise<AlertWithNotes[]> {
      return db.alert.findMany({ where: { status: { in: ["firing", "acknowledged"] } }, include: { notes: { orderBy: { at: "asc" } } }, orderBy: { startsAt: "desc" } });
    },
    async list(q: { status?: string; limit: number; before?: Date }): Promise<AlertWithNotes[]> {
      return db.alert.findMany({
        where: { ...(q.status ? { status: q.status } : {}), ...(q.before ? { startsAt: { lt: q.before } } : {}) },
        include: { notes: { orderBy: { at: "asc" } } },
        orderBy: [{ startsAt: "desc" }, { id: "desc" }],
        take: q.limit,
      });
    },
    // silences
    async createSilence(s: Omit<SilenceRow, "id" | "createdAt">): Promise<SilenceRow> {
      return db.silence.create({ data: { id: randomUUID(), ...s } });
    },
    async silences(): Promise<SilenceRow[]> {
      return db.silence.findMany({ orderBy: { endsAt: "desc" } });
    },
    async findSilence(id: string): Promise<SilenceRow | null> {
      return db.silence.findUnique({ where: { id } });
    },
    async expireSilence(id: string, at: Date): Promise<SilenceRow> {
      return db.silence.update({ where: { id }, data: { endsAt: at } });
    },
    // notifiers
    async createNotifier(n: Omit<NotifierRow, "id" | "createdAt">): Promise<NotifierRow> {
      return db.notifier.create({ data: { id: randomUUID(), ...n } });
    },
    async notifiers(): Promise<NotifierRow[]> {
      return db.notifier.findMany({ orderBy: { name: "asc" } });
    },
    /** What dispatching an alert needs of every notifier (by name): one plain SELECT. */
    async notifierTargets(): Promise<NotifierTarget[]> {
      return db.$queryRawUnsafe<NotifierTarget[]>(`SELECT "id", "name", "type", "config" FROM "Notifier" ORDER BY "name"`);
    },
    async findNotifier(id: string): Promise<NotifierRow | null> {
      return db.notifier.findUnique({ where: { id } });
    },
    async findNotifierByName(name: string): Promise<NotifierRow | null> {
      return db.notifier.findUnique({ where: { name } });
    },
    async deleteNotifier(id: string): Promise<boolean> {
      return (await db.notifier.deleteMany({ where: { id } })).count > 0;
    },
    async recordDelivery(d: Omit<DeliveryRow, "id">): Promise<void> {
      await db.notificationDelivery.create({ data: { id: randomUUID(), ...d } });
    },
    async deliveries(q: { notifierId?: string; limit: number }): Promise<DeliveryRow[]> {
      return db.notificationDelivery.findMany({ where: q.notifierId ? { notifierId: q.notifierId } : {}, orderBy: [{ at: "desc" }, { id: "desc" }], take: q.limit });
    },
  };
}
export type AlertsRepo = ReturnType<typeof createAlertsRepo>;
