import { systemClock, type Clock } from "../clock";
import { EventHub, type Listener, type Unsubscribe } from "../events";
import { fingerprint, type Labels } from "./fingerprint";
import { SYSTEM_ACTOR, type Alert, type AlertNote, type AlertSeverity } from "./types";

export interface FireAlertInput {
  labels: Labels;
  severity: AlertSeverity;
  title: string;
  /** Default: labels.source, else "custom". */
  source?: string;
  annotations?: Labels;
  /** Matched a silence (see `isSilenced`): recorded but not to be notified. */
  silenced?: boolean;
  /** Epoch ms; default clock.now(). */
  at?: number;
}

export interface FireResult {
  alert: Alert;
  /** False when an open alert with the same fingerprint existed (it is returned unchanged). */
  created: boolean;
}

export type AlertChange = "acknowledged" | "resolved" | "commented";

export interface AlertBookEvents {
  [event: string]: object;
  fired: { alert: Alert };
  updated: { alert: Alert; change: AlertChange; actor: string };
}

export interface AlertBookOptions {
  clock?: Clock;
  /** Id factory; default crypto.randomUUID(). */
  newId?: () => string;
  /** Open alerts to start from (e.g. loaded from the database); resolved ones are ignored. */
  alerts?: Iterable<Alert>;
}

function defaultId(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * The open (firing or acknowledged) alerts, one per fingerprint. Alerts are immutable values:
 * every change returns (and emits) a new object. Resolving removes the alert from the book, so a
 * later fire with the same labels opens a new alert with a new id.
 */
export class AlertBook {
  private readonly clock: Clock;
  private readonly newId: () => string;
  private readonly byId = new Map<string, Alert>();
  private readonly byFingerprint = new Map<string, string>();
  private readonly hub = new EventHub<AlertBookEvents>();

  constructor(options: AlertBookOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? defaultId;
    for (const alert of options.alerts ?? []) {
      if (alert.status === "resolved" || this.byFingerprint.has(alert.fingerprint)) continue;
      this.put(Object.freeze({ ...alert }));
    }
  }

  on<K extends keyof AlertBookEvents>(event: K, listener: Listener<AlertBookEvents[K]>): Unsubscribe {
    return this.hub.on(event, listener);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Alert | undefined {
    return this.byId.get(id);
  }

  getByFingerprint(fp: string): Alert | undefined {
    const id = this.byFingerprint.get(fp);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Open alerts, oldest first. */
  list(): Alert[] {
    return [...this.byId.values()].sort((a, b) => a.startsAt - b.startsAt || a.id.localeCompare(b.id));
  }

  toJSON(): Alert[] {
    return this.list();
  }

  /** Opens an alert, or returns the open one with the same label fingerprint (deduplicated). */
  fire(input: FireAlertInput): FireResult {
    const labels = Object.freeze({ ...input.labels });
    const fp = fingerprint(labels);
    const existing = this.getByFingerprint(fp);
    if (existing) return { alert: existing, created: false };
    const alert: Alert = Object.freeze({
      id: this.newId(),
      fingerprint: fp,
      source: input.source ?? labels.source ?? "custom",
      severity: input.severity,
      status: "firing",
      title: input.title,
      labels,
      annotations: Object.freeze({ ...(input.annotations ?? {}) }),
      startsAt: input.at ?? this.clock.now(),
      silenced: input.silenced ?? false,
      notes: Object.freeze([]),
    });
    this.put(alert);
    this.hub.emit("fired", { alert });
    return { alert, created: true };
  }

  /**
   * firing → acknowledged. Acknowledging again keeps the first acknowledger and only adds the
   * note. Undefined when no open alert has this id.
   */
  acknowledge(id: string, by: string, comment?: string, at: number = this.clock.now()): Alert | undefined {
    const alert = this.byId.get(id);
    if (!alert) return undefined;
    const first = alert.status === "firing";
    const next = this.update(alert, {
      ...(first ? { status: "acknowledged" as const, acknowledgedBy: by, acknowledgedAt: at } : {}),
      notes: withNote(alert, { at, author: by, kind: "ack", comment }),
    });
    this.hub.emit("updated", { alert: next, change: "acknowledged", actor: by });
    return next;
  }

  /**
   * firing | acknowledged → resolved (`by` a user, or "system" when the condition cleared). The
   * alert leaves the book. Undefined when no open alert has this id.
   */
  resolve(id: string, by: string = SYSTEM_ACTOR, comment?: string, at: number = this.clock.now()): Alert | undefined {
    const alert = this.byId.get(id);
    if (!alert) return undefined;
    const next: Alert = Object.freeze({
      ...alert,
      status: "resolved",
      endsAt: at,
      resolvedBy: by,
      notes: withNote(alert, { at, author: by, kind: "resolve", comment }),
    });
    this.byId.delete(id);
    this.byFingerprint.delete(alert.fingerprint);
    this.hub.emit("updated", { alert: next, change: "resolved", actor: by });
    return next;
  }

  /** Resolves the open alert with these labels (e.g. the breaker closed again), if any. */
  resolveByLabels(labels: Labels, by: string = SYSTEM_ACTOR, comment?: string, at?: number): Alert | undefined {
    const open = this.getByFingerprint(fingerprint(labels));
    return open ? this.resolve(open.id, by, comment, at) : undefined;
  }

  /** Adds a comment to an open alert. */
  comment(id: string, by: string, comment: string, at: number = this.clock.now()): Alert | undefined {
    const alert = this.byId.get(id);
    if (!alert) return undefined;
    const next = this.update(alert, { notes: withNote(alert, { at, author: by, kind: "comment", comment }) });
    this.hub.emit("updated", { alert: next, change: "commented", actor: by });
    return next;
  }

  private update(alert: Alert, patch: Partial<Alert>): Alert {
    const next: Alert = Object.freeze({ ...alert, ...patch });
    this.byId.set(next.id, next);
    return next;
  }

  private put(alert: Alert): void {
    this.byId.set(alert.id, alert);
    this.byFingerprint.set(alert.fingerprint, alert.id);
  }
}

function withNote(alert: Alert, note: { at: number; author: string; kind: AlertNote["kind"]; comment: string | undefined }): readonly AlertNote[] {
  const n: AlertNote = { at: note.at, author: note.author, kind: note.kind };
  if (note.comment !== undefined && note.comment !== "") n.comment = note.comment;
  return Object.freeze([...alert.notes, Object.freeze(n)]);
}
