"use client";
// Overview widget: open alerts (firing first, then acknowledged), live.
import { useLiveAlerts } from "@/lib/client/slo-alert-hooks";
import type { AlertDto } from "@/lib/contracts/alerts";
import { triageOrder } from "./alert-labels";
import { AlertRow } from "./alerts-view";

export function FiringAlerts({ initial, canOperate }: { initial: AlertDto[]; canOperate: boolean }) {
  const all = useLiveAlerts(initial);
  const open = all.filter((a) => a.status !== "resolved").sort((a, b) => (a.status === b.status ? triageOrder(a, b) : a.status === "firing" ? -1 : 1));
  if (open.length === 0)
    return (
      <p className="px-4 py-4 text-sm text-slate-400" data-testid="overview-alerts">
        Nothing is firing.
      </p>
    );
  return (
    <ul className="divide-y divide-slate-800" data-testid="overview-alerts">
      {open.slice(0, 8).map((a) => (
        <AlertRow key={a.id} alert={a} canOperate={canOperate} compact />
      ))}
    </ul>
  );
}
