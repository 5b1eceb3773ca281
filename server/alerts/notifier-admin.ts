// Notifiers as operators manage them: list (secrets described, never shown), create (validated by
// the notifier type's schema), delete, send a test, read the delivery log. All changes audited.
import type { Alert } from "@/lib/engine/alerts/types";
import type { DeliveryDto, NotifierDto, NotifierInput } from "@/lib/contracts/alerts";
import { zodIssuesToDetails } from "@/lib/contracts/errors";
import type { AlertsRepo } from "../persistence/repos/alerts";
import type { AuditRecorder } from "../audit";
import type { Principal } from "../auth/principal";
import type { ServerClock } from "../clock";
import { AppError, conflict, notFound, validationFailed } from "../errors";
import type { NotifierRegistry } from "./notifiers/registry";
import type { Notifications } from "./notifications";

/** Viewers read the audit: a webhook URL's path can be its secret (chat hooks), so only its origin is kept there. */
const withoutPath = (target: string) => target.replace(/(https?:\/\/[^/\s]+)\/\S+/g, "$1/…");

export interface NotifierAdminDeps {
  repo: AlertsRepo;
  registry: NotifierRegistry;
  audit: AuditRecorder;
  clock: ServerClock;
  notifications: Notifications;
}

const testAlert = (at: number, sender: string): Alert => ({
  id: `test-${at}`,
  fingerprint: "0000000000000000",
  source: "test",
  severity: "info",
  status: "firing",
  title: `Test notification from Breakwater (sent by ${sender})`,
  labels: { alertname: "BreakwaterTest", source: "test" },
  annotations: { summary: "This is a test: nothing is wrong." },
  startsAt: at,
  silenced: false,
  notes: [],
});

export function createNotifierAdmin(deps: NotifierAdminDeps) {
  return {
    async listNotifiers(): Promise<NotifierDto[]> {
      return (await deps.repo.notifiers()).map((n) => ({
        id: n.id,
        name: n.name,
        type: n.type,
        target: deps.registry.get(n.type)?.describe(JSON.parse(n.config) as never) ?? n.type,
        createdBy: n.createdBy,
        createdAt: n.createdAt.toISOString(),
      }));
    },
    async createNotifier(actor: Principal, input: NotifierInput): Promise<NotifierDto> {
      const type = deps.registry.get(input.type);
      if (!type) throw validationFailed([{ path: "type", message: `must be one of: ${deps.registry.types().join(", ")}` }]);
      const parsed = type.configSchema.safeParse(input.config);
      if (!parsed.success) throw validationFailed(zodIssuesToDetails(parsed.error.issues).map((d) => ({ ...d, path: `config.${d.path}` })));
      if (await deps.repo.findNotifierByName(input.name)) throw conflict(`notifier '${input.name}' already exists`);
      const row = await deps.repo.createNotifier({ name: input.name, type: input.type, config: JSON.stringify(parsed.data), createdBy: actor.username });
      await deps.audit.record({ actor: actor.username, action: "notifier.create", target: `notifier:${row.name}`, after: { type: row.type, target: withoutPath(type.describe(parsed.data as never)) } });
      return { id: row.id, name: row.name, type: row.type, target: type.describe(parsed.data as never), createdBy: row.createdBy, createdAt: row.createdAt.toISOString() };
    },
    async deleteNotifier(actor: Principal, id: string): Promise<void> {
      const row = await deps.repo.findNotifier(id);
      if (!row) throw notFound(`notifier '${id}'`);
      await deps.repo.deleteNotifier(id);
      await deps.audit.record({ actor: actor.username, action: "notifier.delete", target: `notifier:${row.name}`, before: { type: row.type } });
    },
    /** Sends a test alert (firing) to one notifier now and reports the outcome of the first attempt series. */
    async testNotifier(actor: Principal, id: string): Promise<DeliveryDto> {
      const row = await deps.repo.findNotifier(id);
      if (!row) throw notFound(`notifier '${id}'`);
      await deps.notifications.sendTest(row, testAlert(deps.clock.now(), actor.username));
      const [last] = await deps.repo.deliveries({ notifierId: id, limit: 1 });
      if (!last) throw new AppError(500, "internal_error", "delivery was not recorded");
      return { ...last, at: last.at.toISOString() };
    },
    async deliveries(q: { notifierId?: string; limit: number }): Promise<DeliveryDto[]> {
      return (await deps.repo.deliveries(q)).map((d) => ({ ...d, at: d.at.toISOString() }));
    },
  };
}
