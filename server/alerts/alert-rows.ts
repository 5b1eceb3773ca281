// Alerts and silences between the engine's shapes, the database's rows and the API's DTOs.
import type { Labels } from "@/lib/engine/alerts/fingerprint";
import type { Alert, AlertSeverity } from "@/lib/engine/alerts/types";
import type { AlertDto, SilenceDto } from "@/lib/contracts/alerts";
import type { AlertsRepo, AlertWithNotes, SilenceRow } from "../persistence/repos/alerts";

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The fields an alert's DTO and its row share as they are. */
const identity = (a: Alert) => ({ id: a.id, fingerprint: a.fingerprint, source: a.source, severity: a.severity, status: a.status, title: a.title });

export function alertDto(a: Alert): AlertDto {
  return {
    ...identity(a),
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

export function fromRow(r: AlertWithNotes): Alert {
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

/** Stores a newly fired alert. */
export const insertAlert = (repo: AlertsRepo, a: Alert) =>
  repo.insert({
    ...identity(a),
    labels: JSON.stringify(a.labels),
    annotations: JSON.stringify(a.annotations),
    startsAt: new Date(a.startsAt),
    endsAt: null,
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedBy: null,
    silenced: a.silenced,
  });

/** Stores an alert's new status and its latest note. */
export const updateAlert = (repo: AlertsRepo, a: Alert) => {
  const note = a.notes[a.notes.length - 1];
  return repo.update(
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

export const silenceDto = (s: SilenceRow, now: number): SilenceDto => ({
  id: s.id,
  matchers: JSON.parse(s.matchers) as Record<string, string>,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
  comment: s.comment,
  createdBy: s.createdBy,
  active: s.endsAt.getTime() > now,
});
