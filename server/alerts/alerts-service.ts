// Alerts: the service the rest of the server uses, wired from its parts: the alert lifecycle
// (alert-lifecycle.ts), silences (silences.ts), notifier dispatch (notifications.ts) and notifier
// administration (notifier-admin.ts), stored through alert-rows.ts.
import type { Labels } from "@/lib/engine/alerts/fingerprint";
import type { AlertSeverity } from "@/lib/engine/alerts/types";
import type { AlertDto } from "@/lib/contracts/alerts";
import type { RandomSource } from "@/lib/engine/retry/backoff";
import type { AlertsRepo } from "../persistence/repos/alerts";
import type { AuditRecorder } from "../audit";
import { notFound } from "../errors";
import type { Logger } from "../logger";
import type { ServerClock } from "../clock";
import type { NotifierRegistry } from "./notifiers/registry";
import { alertDto, fromRow } from "./alert-rows";
import { createAlertLifecycle } from "./alert-lifecycle";
import { createNotifications } from "./notifications";
import { createNotifierAdmin } from "./notifier-admin";
import { createSerialQueue } from "./serial-queue";
import { createSilences } from "./silences";

export { alertDto } from "./alert-rows";
export type { RaiseInput } from "./alert-lifecycle";
export { CLOSE_WAIT_MS } from "./notifications";

export interface AlertsServiceDeps {
  repo: AlertsRepo;
  registry: NotifierRegistry;
  audit: AuditRecorder;
  log: Logger;
  /** Alert and silence times, delivery retry delays. */
  clock: ServerClock;
  /** Jitter of the delivery retries (default Math.random). */
  random?: RandomSource;
  /** The URL operators reach Breakwater at (links in notifications). */
  externalURL: () => string;
  onFired: (a: AlertDto) => void;
  onUpdated: (a: AlertDto) => void;
  /** Cluster mode: alerts or silences changed here; the other instances reload them. */
  onShared?: () => void;
}

export function createAlertsService(deps: AlertsServiceDeps) {
  const { repo, audit, clock, onShared } = deps;
  const queue = createSerialQueue();
  const notifications = createNotifications({ repo, registry: deps.registry, log: deps.log, clock, externalURL: deps.externalURL, ...(deps.random ? { random: deps.random } : {}) });
  const silences = createSilences({ repo, audit, clock, ...(onShared ? { onShared } : {}) });
  const alerts = createAlertLifecycle({ repo, audit, clock, queue, mutes: silences.mutes, notify: notifications.notify, onFired: deps.onFired, onUpdated: deps.onUpdated, ...(onShared ? { onShared } : {}) });
  const { listSilences, createSilence, expireSilence } = silences;

  const load = async () => {
    await alerts.loadOpen();
    await silences.load();
  };

  return {
    load,
    /** Cluster mode: another instance changed alerts or silences; take the database's view. */
    reload: (): Promise<void> => queue.run(load),
    raise: alerts.raise,
    clear: alerts.clear,
    acknowledge: alerts.acknowledge,
    resolve: alerts.resolve,
    isOpen(labels: Labels): boolean {
      return alerts.openAlerts().some((a) => Object.entries(labels).every(([k, v]) => a.labels[k] === v));
    },
    open: (): AlertDto[] => alerts.openAlerts().map(alertDto),
    async list(q: { status?: string; limit: number; before?: string }): Promise<AlertDto[]> {
      const rows = await repo.list({ status: q.status, limit: q.limit, before: q.before ? new Date(q.before) : undefined });
      return rows.map((r) => alertDto(fromRow(r)));
    },
    async get(id: string): Promise<AlertDto> {
      const open = alerts.openAlert(id);
      if (open) return alertDto(open);
      const row = await repo.find(id);
      if (!row) throw notFound(`alert '${id}'`);
      return alertDto(fromRow(row));
    },
    listSilences,
    createSilence,
    expireSilence,
    ...createNotifierAdmin({ repo, registry: deps.registry, audit, clock, notifications }),
    firingCount(): Record<AlertSeverity, number> {
      const out: Record<AlertSeverity, number> = { critical: 0, warning: 0, info: 0 };
      for (const a of alerts.openAlerts()) if (a.status === "firing") out[a.severity]++;
      return out;
    },
    async close(): Promise<void> {
      await queue.idle();
      await notifications.close();
    },
  };
}
export type AlertsService = ReturnType<typeof createAlertsService>;
