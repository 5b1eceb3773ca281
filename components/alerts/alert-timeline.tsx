"use client";
// What happened to an alert, in order: fired, each notification attempt, acknowledged, comments,
// resolved — and which notifiers it actually went to.
import Link from "next/link";
import { LocalTime } from "@/components/ui/relative-time";
import type { AlertDto, DeliveryDto } from "@/lib/contracts/alerts";

export interface TimelineEvent {
  at: string;
  kind: "fired" | "notified" | "notify_failed" | "acknowledged" | "commented" | "resolved";
  text: string;
}

const KIND_LABEL: Record<TimelineEvent["kind"], string> = {
  fired: "Fired",
  notified: "Notified",
  notify_failed: "Notification failed",
  acknowledged: "Acknowledged",
  commented: "Comment",
  resolved: "Resolved",
};

export function alertTimeline(a: AlertDto, deliveries: DeliveryDto[], notifierName: (id: string) => string): TimelineEvent[] {
  const ev: TimelineEvent[] = [{ at: a.startsAt, kind: "fired", text: a.title }];
  for (const d of deliveries) {
    const name = notifierName(d.notifierId);
    ev.push(d.ok ? { at: d.at, kind: "notified", text: `${name} (${d.status}${d.httpStatus ? `, HTTP ${d.httpStatus}` : ""})` } : { at: d.at, kind: "notify_failed", text: `${name}, attempt ${d.attempt}: ${d.error ?? d.httpStatus ?? d.status}` });
  }
  const noted = new Set<string>();
  for (const n of a.notes) {
    noted.add(n.kind);
    const by = `by ${n.author}${n.comment ? `: “${n.comment}”` : ""}`;
    ev.push({ at: n.at, kind: n.kind === "ack" ? "acknowledged" : n.kind === "resolve" ? "resolved" : "commented", text: by });
  }
  if (a.acknowledgedAt && !noted.has("ack")) ev.push({ at: a.acknowledgedAt, kind: "acknowledged", text: `by ${a.acknowledgedBy ?? "someone"}` });
  if (a.endsAt && !noted.has("resolve")) ev.push({ at: a.endsAt, kind: "resolved", text: a.resolvedBy ? `by ${a.resolvedBy}` : "the condition cleared" });
  return ev.sort((x, y) => x.at.localeCompare(y.at));
}

export function AlertTimeline({ events }: { events: TimelineEvent[] }) {
  return (
    <ol className="space-y-2 px-4 py-3 text-sm" data-testid="alert-timeline">
      {events.map((e, i) => (
        <li key={`${e.at}-${i}`} className="flex flex-wrap gap-x-3" data-kind={e.kind}>
          <LocalTime iso={e.at} className="w-48 shrink-0 text-xs tabular-nums text-slate-400" />
          <span className={e.kind === "notify_failed" ? "font-medium text-rose-300" : "font-medium text-slate-200"}>{KIND_LABEL[e.kind]}</span>
          <span className="min-w-0 text-slate-300">{e.text}</span>
        </li>
      ))}
    </ol>
  );
}

/** The notifiers a delivery succeeded for, or why none. */
export function NotifiedVia({ alert, deliveries, notifierName }: { alert: AlertDto; deliveries: DeliveryDto[]; notifierName: (id: string) => string }) {
  if (alert.silenced) return <span data-testid="alert-notifiers">none — silenced (recorded, not notified)</span>;
  const ok = [...new Set(deliveries.filter((d) => d.ok).map((d) => d.notifierId))];
  const failed = [...new Set(deliveries.filter((d) => !d.ok).map((d) => d.notifierId))].filter((id) => !ok.includes(id));
  if (ok.length === 0 && failed.length === 0)
    return (
      <span data-testid="alert-notifiers">
        no notifier —{" "}
        <Link href="/settings/notifiers" className="text-sky-300 hover:underline">
          add one
        </Link>
      </span>
    );
  return (
    <span data-testid="alert-notifiers">
      {ok.map(notifierName).join(", ") || "none delivered"}
      {failed.length ? <span className="text-rose-300"> · failed: {failed.map(notifierName).join(", ")}</span> : null}
    </span>
  );
}
