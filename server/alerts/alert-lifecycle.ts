// The alert lifecycle: one open alert per fingerprint (the engine's AlertBook), fired and cleared by
// Breakwater's own sources, acknowledged and resolved by operators (audited). Every change is stored,
// shared with the cluster, pushed to the dashboards and (fire, resolve) handed to the notifiers.
import { AlertBook } from "@/lib/engine/alerts/alert-book";
import type { Labels } from "@/lib/engine/alerts/fingerprint";
import type { Alert, AlertSeverity } from "@/lib/engine/alerts/types";
import type { AlertDto } from "@/lib/contracts/alerts";
import type { AlertsRepo, AlertWithNotes } from "../persistence/repos/alerts";
import type { AuditRecorder } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServerClock } from "../clock";
import { conflict, notFound } from "../errors";
import { alertDto, fromRow, insertAlert, updateAlert } from "./alert-rows";
import type { SerialQueue } from "./serial-queue";

export interface RaiseInput {
  labels: Labels;
  severity: AlertSeverity;
  title: string;
  source: string;
  annotations?: Labels;
}

export interface AlertLifecycleDeps {
  repo: AlertsRepo;
  audit: AuditRecorder;
  clock: ServerClock;
  /** Alert writes happen in order, one at a time. */
  queue: SerialQueue;
  /** Whether a new alert with these labels is silenced at `at`. */
  mutes: (labels: Labels, at: number) => boolean;
  /** A fired or resolved alert leaves for the notifiers. */
  notify: (a: Alert, status: "firing" | "resolved") => void;
  onFired: (a: AlertDto) => void;
  onUpdated: (a: AlertDto) => void;
  onShared?: () => void;
}

export function createAlertLifecycle(deps: AlertLifecycleDeps) {
  const newBook = (alerts: Alert[] = []) => new AlertBook({ clock: deps.clock, alerts });
  let book = newBook();
  const loadOpen = async () => {
    book = newBook((await deps.repo.open()).map(fromRow));
  };
  /** Stores the alert, tells the other instances and the dashboards. */
  const publish = async (a: Alert, fired: boolean): Promise<AlertDto> => {
    if (fired) await insertAlert(deps.repo, a);
    else await updateAlert(deps.repo, a);
    deps.onShared?.();
    const dto = alertDto(a);
    (fired ? deps.onFired : deps.onUpdated)(dto);
    return dto;
  };
  /** The open alert `id` (reloading the book when another instance raised it), else its stored row. */
  const forAction = async (id: string): Promise<{ open?: Alert; row?: AlertWithNotes }> => {
    const open = book.get(id);
    if (open) return { open };
    const row = await deps.repo.find(id);
    if (!row) throw notFound(`alert '${id}'`);
    if (row.status === "resolved") return { row };
    await loadOpen(); // raised on another instance
    return { open: book.get(id), row };
  };
  const audit = (actor: Principal, action: string, id: string, before: Alert["status"], after: Alert["status"], comment?: string) =>
    deps.audit.record({ actor: actor.username, action, target: `alert:${id}`, before: { status: before }, after: { status: after }, reason: comment ?? null });

  return {
    loadOpen,
    /** Opens an alert unless one with the same labels is open. */
    raise: (input: RaiseInput): Promise<AlertDto | null> =>
      deps.queue.run(async () => {
        const at = deps.clock.now();
        const r = book.fire({ ...input, silenced: deps.mutes(input.labels, at), at });
        if (!r.created) return null;
        const dto = await publish(r.alert, true);
        deps.notify(r.alert, "firing");
        return dto;
      }),
    /** Resolves the open alert with these labels, if any (its condition cleared). */
    clear: (labels: Labels, comment?: string): Promise<AlertDto | null> =>
      deps.queue.run(async () => {
        const a = book.resolveByLabels(labels, "system", comment);
        if (!a) return null;
        const dto = await publish(a, false);
        deps.notify(a, "resolved");
        return dto;
      }),
    acknowledge: (actor: Principal, id: string, comment?: string): Promise<AlertDto> =>
      deps.queue.run(async () => {
        const { open: current } = await forAction(id);
        if (!current) throw conflict(`alert '${id}' is resolved: there is nothing to acknowledge`);
        if (current.status === "acknowledged") return alertDto(current);
        const a = book.acknowledge(id, actor.username, comment)!;
        const dto = await publish(a, false);
        await audit(actor, "alert.ack", id, current.status, a.status, comment);
        return dto;
      }),
    resolve: (actor: Principal, id: string, comment?: string): Promise<AlertDto> =>
      deps.queue.run(async () => {
        const { open: current, row } = await forAction(id);
        if (!current) return alertDto(fromRow(row!)); // already resolved
        const a = book.resolve(id, actor.username, comment)!;
        const dto = await publish(a, false);
        deps.notify(a, "resolved");
        await audit(actor, "alert.resolve", id, current.status, "resolved", comment);
        return dto;
      }),
    /** The open alerts, oldest first. */
    openAlerts: (): Alert[] => book.list(),
    openAlert: (id: string): Alert | undefined => book.get(id),
  };
}
