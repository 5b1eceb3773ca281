"use client";
import { useLiveAlert } from "@/lib/client/slo-alert-hooks";
import Link from "next/link";
import type { AlertDto, DeliveryDto } from "@/lib/contracts/alerts";
import { LocalTime } from "@/components/ui/relative-time";
import { Card } from "@/components/ui/card";
import { AlertActions } from "./alert-actions";
import { AlertLabels, NO_NAMES, subjectLink, type AlertLabelNames } from "./alert-labels";
import { AlertTimeline, alertTimeline, NotifiedVia } from "./alert-timeline";
import { AlertStatusBadge, SeverityBadge } from "./severity";

export function AlertDetail({
  initial,
  canOperate,
  deliveries = [],
  notifiers = {},
  names = NO_NAMES,
}: {
  initial: AlertDto;
  canOperate: boolean;
  deliveries?: DeliveryDto[];
  /** notifier id → name */
  notifiers?: Record<string, string>;
  names?: AlertLabelNames;
}) {
  const a = useLiveAlert(initial);
  const notifierName = (id: string) => notifiers[id] ?? `notifier ${id} (deleted)`;
  const subject = subjectLink(a, names);
  const rows: Array<[string, React.ReactNode]> = [
    ["Status", <AlertStatusBadge key="s" status={a.status} />],
    ["Severity", <SeverityBadge key="v" severity={a.severity} />],
    [
      "Subject",
      subject?.href ? (
        <Link key="sub" href={subject.href} className="text-sky-300 hover:underline" data-testid="alert-subject">
          {subject.text}
        </Link>
      ) : (
        a.source
      ),
    ],
    ["Started", <LocalTime key="st" iso={a.startsAt} />],
    ["Ended", a.endsAt ? <span key="e"><LocalTime iso={a.endsAt} />{a.resolvedBy ? ` (by ${a.resolvedBy})` : ""}</span> : "—"],
    ["Acknowledged", a.acknowledgedBy ? <span key="a">by {a.acknowledgedBy}{a.acknowledgedAt ? <>, <LocalTime iso={a.acknowledgedAt} /></> : null}</span> : "—"],
    ["Notified via", <NotifiedVia key="n" alert={a} deliveries={deliveries} notifierName={notifierName} />],
    ["Fingerprint", <code key="f" className="break-all">{a.fingerprint}</code>],
  ];
  return (
    <div className="space-y-4" data-testid={`alert-row-${a.id}`} data-status={a.status} data-severity={a.severity}>
      {canOperate ? (
        <div className="flex justify-end">
          <AlertActions alert={a} />
        </div>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Details">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 p-4 text-sm">
            {rows.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-400">{k}</dt>
                <dd className="text-slate-200">{v}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title="Labels and annotations">
          <div className="px-4 pt-3">
            <AlertLabels alert={a} names={names} />
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 p-4 font-mono text-xs">
            {[...Object.entries(a.labels), ...Object.entries(a.annotations)].map(([k, v], i) => (
              <div key={`${k}-${i}`} className="contents">
                <dt className="text-slate-400">{k}</dt>
                <dd className="break-all text-slate-200">{v}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
      <Card title="Timeline" description="Fired, notified, acknowledged, commented, resolved — in your time zone">
        <AlertTimeline events={alertTimeline(a, deliveries, notifierName)} />
      </Card>
    </div>
  );
}
