// Alerts: one open alert per fingerprint (the engine's AlertBook), persisted on every change,
// silenced ones recorded but not notified, notifications delivered in the background, and every
// change pushed to the dashboards.
import { AlertBook } from "@/lib/engine/alerts/alert-book";
import { toAlertmanagerPayload } from "@/lib/engine/alerts/alertmanager";
import { isSilenced } from "@/lib/engine/alerts/silence";
import type { Labels } from "@/lib/engine/alerts/fingerprint";
import type { Alert, AlertSeverity } from "@/lib/engine/alerts/types";
import type { AlertDto, DeliveryDto, NotifierDto, NotifierInput, SilenceDto, SilenceInput } from "@/lib/contracts/alerts";
import type { AlertsRepo, AlertWithNotes, SilenceRow } from "../persistence/repos/alerts";
import type { AuditRecorder } from "../audit";
import type { Principal } from "../auth/principal";
import { AppError, conflict, notFound, validationFailed } from "../errors";
import type { Logger } from "../logger";
import { sleep, type ServerClock } from "../clock";
import type { RandomSource } from "@/lib/engine/retry/backoff";
import { deliver } from "./delivery";
import type { NotifierRegistry } from "./notifiers/registry";
import { zodIssuesToDetails } from "@/lib/contracts/errors";

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** Viewers read the audit: a webhook URL's path can be its secret (chat hooks), so only its origin is kept there. */
const withoutPath = (target: string) => target.replace(/(https?:\/\/[^/\s]+)\/\S+/g, "$1/…");

export function alertDto(a: Alert): AlertDto {
  return {
    id: a.id,
    fingerprint: a.fingerprint,
    source: a.source,
    severity: a.severity,
    status: a.status,
    title: a.title,
    labels: { ...a.labels },
    annotations: { ...a.annotations },
    startsAt: new Date(a.startsAt).toISOString(),
    ...(a.endsAt !== undefined ? { endsAt: iso(a.endsAt) } : {}),
    ...(a.acknowledgedBy ? { acknowledgedBy: a.acknowledgedBy } : {}),
    ...(a.acknowledgedAt !== undefined ? { acknowledgedAt: iso(a.acknowledgedAt) } : {}),
    ...(a.resolvedBy ? { resolvedBy: a.resolvedBy } : {}),
    silenced: a.silenced,
    notes: a.notes.map((n) => ({ at: new Date(n.at).toISOString(), author: n.author, kind: n.kind, ...(n.comment ? { comment: n.comment } : {}) })),
  };
}

function fromRow(r: AlertWithNotes): Alert {
  return {
    id: r.id,
    fingerprint: r.fingerprint,
    source: r.source,
    severity: r.severity as AlertSeverity,
    status: r.status as Alert["status"],
    title: r.title,
    labels: JSON.parse(r.labels) as Labels,
    annotations: JSON.parse(r.annotations) as Labels,
    startsAt: r.startsAt.getTime(),
    ...(r.endsAt ? { endsAt: r.endsAt.getTime() } : {}),
    ...(r.acknowledgedBy ? { acknowledgedBy: r.acknowledgedBy } : {}),
    ...(r.acknowledgedAt ? { acknowledgedAt: r.acknowledgedAt.getTime() } : {}),
    ...(r.resolvedBy ? { resolvedBy: r.resolvedBy } : {}),
    silenced: r.silenced,
    notes: r.notes.map((n) => ({ at: n.at.getTime(), author: n.author, kind: n.kind as "ack" | "resolve" | "comment", ...(n.comment ? { comment: n.comment } : {}) })),
  };
}

const silenceDto = (s: SilenceRow, now: number): SilenceDto => ({
  id: s.id,
  matchers: JSON.parse(s.matchers) as Record<string, string>,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
  comment: s.comment,
  createdBy: s.createdBy,
  active: s.endsAt.getTime() > now,
});

/** How long close() lets first delivery attempts finish before it stops retries. */
export const CLOSE_WAIT_MS = 3000;

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

export interface RaiseInput {
  labels: Labels;
  severity: AlertSeverity;
  title: string;
  source: string;
  annotations?: Labels;
}

export function createAlertsService(deps: AlertsServiceDeps) {
  const newBook = (alerts: Alert[] = []) => new AlertBook({ clock: deps.clock, alerts });
  let book = newBook();
  let silences: SilenceRow[] = [];
  const shutdown = new AbortController();
  // alert writes happen in order, one at a time
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };
  const pendingDeliveries = new Set<Promise<unknown>>();
  const now = () => deps.clock.now();
  const deliveryDeps = { repo: deps.repo, registry: deps.registry, log: deps.log, signal: shutdown.signal, clock: deps.clock, ...(deps.random ? { random: deps.random } : {}) };

  const persistNew = (a: Alert) =>
    deps.repo.insert({
      id: a.id,
      fingerprint: a.fingerprint,
      source: a.source,
      severity: a.severity,
      status: a.status,
      title: a.title,
      labels: JSON.stringify(a.labels),
      annotations: JSON.stringify(a.annotations),
      startsAt: new Date(a.startsAt),
      endsAt: null,
      acknowledgedBy: null,
      acknowledgedAt: null,
      resolvedBy: null,
      silenced: a.silenced,
    });
  const persistChange = (a: Alert) => {
    const note = a.notes[a.notes.length - 1];
    return deps.repo.update(
      a.id,
      {
        status: a.status,
        endsAt: a.endsAt !== undefined ? new Date(a.endsAt) : null,
        acknowledgedBy: a.acknowledgedBy ?? null,
        acknowledgedAt: a.acknowledgedAt !== undefined ? new Date(a.acknowledgedAt) : null,
        resolvedBy: a.resolvedBy ?? null,
      },
      note ? { author: note.author, kind: note.kind, comment: note.comment ?? null, at: new Date(note.at) } : undefined,
    );
  };

  function notify(a: Alert, status: "firing" | "resolved"): void {
    if (a.silenced) return;
    const p = (async () => {
      const notifiers = await deps.repo.notifiers();
      const payload = toAlertmanagerPayload([a], { receiver: "breakwater", externalURL: deps.externalURL(), status });
      await Promise.all(notifiers.map((n) => deliver(deliveryDeps, n, payload, { alertId: a.id, status })));
    })().catch((err: unknown) => deps.log.error({ err }, "notification failed"));
    pendingDeliveries.add(p);
    void p.finally(() => pendingDeliveries.delete(p));
  }

  const activeSilences = (now: number) => silences.filter((s) => s.endsAt.getTime() > now).map((s) => ({ matchers: JSON.parse(s.matchers) as Record<string, string>, endsAt: s.endsAt.getTime() }));

  return {
    async load(): Promise<void> {
      const open = await deps.repo.open();
      book = newBook(open.map(fromRow));
      silences = await deps.repo.silences();
    },

    /** Cluster mode: another instance changed alerts or silences; take the database's view. */
    reload(): Promise<void> {
      return serial(async () => {
        const open = await deps.repo.open();
        book = newBook(open.map(fromRow));
        silences = await deps.repo.silences();
      });
    },

    /** Opens an alert unless one with the same labels is open. */
    raise(input: RaiseInput): Promise<AlertDto | null> {
      return serial(async () => {
        const at = now();
        const silenced = isSilenced(input.labels, activeSilences(at), at);
        const r = book.fire({ ...input, silenced, at });
        if (!r.created) return null;
        await persistNew(r.alert);
        deps.onShared?.();
        const dto = alertDto(r.alert);
        deps.onFired(dto);
        notify(r.alert, "firing");
        return dto;
      });
    },

    /** Resolves the open alert with these labels, if any (its condition cleared). */
    clear(labels: Labels, comment?: string): Promise<AlertDto | null> {
      return serial(async () => {
        const a = book.resolveByLabels(labels, "system", comment);
        if (!a) return null;
        await persistChange(a);
        deps.onShared?.();
        const dto = alertDto(a);
        deps.onUpdated(dto);
        notify(a, "resolved");
        return dto;
      });
    },

    isOpen(labels: Labels): boolean {
      return book.list().some((a) => Object.entries(labels).every(([k, v]) => a.labels[k] === v));
    },

    open(): AlertDto[] {
      return book.list().map(alertDto);
    },

    async list(q: { status?: string; limit: number; before?: string }): Promise<AlertDto[]> {
      const rows = await deps.repo.list({ status: q.status, limit: q.limit, before: q.before ? new Date(q.before) : undefined });
      return rows.map((r) => alertDto(fromRow(r)));
    },

    async get(id: string): Promise<AlertDto> {
      const open = book.get(id);
      if (open) return alertDto(open);
      const row = await deps.repo.find(id);
      if (!row) throw notFound(`alert '${id}'`);
      return alertDto(fromRow(row));
    },

    acknowledge(actor: Principal, id: string, comment?: string): Promise<AlertDto> {
      return serial(async () => {
        let current = book.get(id);
        if (!current) {
          const row = await deps.repo.find(id);
          if (!row) throw notFound(`alert '${id}'`);
          if (row.status === "resolved") throw conflict(`alert '${id}' is resolved: there is nothing to acknowledge`);
          book = newBook((await deps.repo.open()).map(fromRow)); // raised on another instance
          current = book.get(id);
          if (!current) throw conflict(`alert '${id}' is resolved: there is nothing to acknowledge`);
        }
        if (current.status === "acknowledged") return alertDto(current);
        const a = book.acknowledge(id, actor.username, comment)!;
        await persistChange(a);
        deps.onShared?.();
        const dto = alertDto(a);
        deps.onUpdated(dto);
        await deps.audit.record({ actor: actor.username, action: "alert.ack", target: `alert:${id}`, before: { status: current.status }, after: { status: a.status }, reason: comment ?? null });
        return dto;
      });
    },

    resolve(actor: Principal, id: string, comment?: string): Promise<AlertDto> {
      return serial(async () => {
        let current = book.get(id);
        if (!current) {
          const row = await deps.repo.find(id);
          if (!row) throw notFound(`alert '${id}'`);
          if (row.status === "resolved") return alertDto(fromRow(row)); // already resolved
          book = newBook((await deps.repo.open()).map(fromRow)); // raised on another instance
          current = book.get(id);
          if (!current) return alertDto(fromRow(row));
        }
        const a = book.resolve(id, actor.username, comment)!;
        await persistChange(a);
        deps.onShared?.();
        const dto = alertDto(a);
        deps.onUpdated(dto);
        notify(a, "resolved");
        await deps.audit.record({ actor: actor.username, action: "alert.resolve", target: `alert:${id}`, before: { status: current.status }, after: { status: "resolved" }, reason: comment ?? null });
        return dto;
      });
    },

    // ---- silences
    async listSilences(): Promise<SilenceDto[]> {
      const at = now();
      return silences.map((s) => silenceDto(s, at));
    },
    async createSilence(actor: Principal, input: SilenceInput): Promise<SilenceDto> {
      const row = await deps.repo.createSilence({
        matchers: JSON.stringify(input.matchers),
        startsAt: new Date(now()),
        endsAt: new Date(input.endsAt),
        comment: input.comment,
        createdBy: actor.username,
      });
      silences = [row, ...silences];
      deps.onShared?.();
      await deps.audit.record({ actor: actor.username, action: "silence.create", target: `silence:${row.id}`, after: { matchers: input.matchers, endsAt: input.endsAt }, reason: input.comment });
      return silenceDto(row, now());
    },
    async expireSilence(actor: Principal, id: string): Promise<SilenceDto> {
      const existing = silences.find((s) => s.id === id) ?? (await deps.repo.findSilence(id));
      if (!existing) throw notFound(`silence '${id}'`);
      const row = existing.endsAt.getTime() > now() ? await deps.repo.expireSilence(id, new Date(now())) : existing;
      silences = silences.map((s) => (s.id === id ? row : s));
      deps.onShared?.();
      await deps.audit.record({ actor: actor.username, action: "silence.expire", target: `silence:${id}`, before: { endsAt: existing.endsAt.toISOString() } });
      return silenceDto(row, now());
    },

    // ---- notifiers
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
      const at = now();
      const test: Alert = {
        id: `test-${at}`,
        fingerprint: "0000000000000000",
        source: "test",
        severity: "info",
        status: "firing",
        title: `Test notification from Breakwater (sent by ${actor.username})`,
        labels: { alertname: "BreakwaterTest", source: "test" },
        annotations: { summary: "This is a test: nothing is wrong." },
        startsAt: at,
        silenced: false,
        notes: [],
      };
      const payload = toAlertmanagerPayload([test], { receiver: "breakwater", externalURL: deps.externalURL(), status: "firing" });
      await deliver({ ...deliveryDeps, retry: false }, row, payload, { alertId: null, status: "test" });
      const [last] = await deps.repo.deliveries({ notifierId: id, limit: 1 });
      if (!last) throw new AppError(500, "internal_error", "delivery was not recorded");
      return { ...last, at: last.at.toISOString() };
    },
    async deliveries(q: { notifierId?: string; limit: number }): Promise<DeliveryDto[]> {
      return (await deps.repo.deliveries(q)).map((d) => ({ ...d, at: d.at.toISOString() }));
    },

    firingCount(): Record<AlertSeverity, number> {
      const out: Record<AlertSeverity, number> = { critical: 0, warning: 0, info: 0 };
      for (const a of book.list()) if (a.status === "firing") out[a.severity]++;
      return out;
    },

    async close(): Promise<void> {
      await chain.catch(() => undefined);
      // let first attempts finish (bounded by the notifier timeout), then stop retrying
      await Promise.race([Promise.allSettled([...pendingDeliveries]), sleep(deps.clock, CLOSE_WAIT_MS)]);
      shutdown.abort();
    },
  };
}
export type AlertsService = ReturnType<typeof createAlertsService>;
