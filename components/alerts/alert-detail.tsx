"use client";
import { useLiveAlert } from "@/lib/client/slo-alert-hooks";
import type { AlertDto } from "@/lib/contracts/alerts";
import { formatExact } from "@/components/ui/relative-time";
import { Card } from "@/components/ui/card";
import { AlertActions } from "./alert-actions";
import { AlertNotes } from "./alerts-view";
import { AlertStatusBadge, SeverityBadge } from "./severity";

export function AlertDetail({ initial, canOperate }: { initial: AlertDto; canOperate: boolean }) {
  const a = useLiveAlert(initial);
  const rows: Array<[string, React.ReactNode]> = [
    ["Status", <AlertStatusBadge key="s" status={a.status} />],
    ["Severity", <SeverityBadge key="v" severity={a.severity} />],
    ["Source", a.source],
    ["Started", formatExact(a.startsAt)],
    ["Ended", a.endsAt ? `${formatExact(a.endsAt)}${a.resolvedBy ? ` (by ${a.resolvedBy})` : ""}` : "—"],
    ["Acknowledged", a.acknowledgedBy ? `by ${a.acknowledgedBy}${a.acknowledgedAt ? `, ${formatExact(a.acknowledgedAt)}` : ""}` : "—"],
    ["Notifications", a.silenced ? "silenced — recorded, not notified" : "sent to every notifier"],
    ["Fingerprint", <code key="f">{a.fingerprint}</code>],
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
      <Card title="History">
        <div className="px-4 py-3">{a.notes.length ? <AlertNotes alert={a} /> : <p className="text-sm text-slate-400">No acknowledgements or comments yet.</p>}</div>
      </Card>
    </div>
  );
}
