"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, ChartFrame, gridProps, tooltipProps } from "@/components/charts/chart-kit";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import { formatUtc, useTimeFormat } from "@/components/ui/relative-time";
import { api } from "@/lib/client/api";
import { useNow } from "@/lib/client/live-hooks";
import { useLiveSloStatus } from "@/lib/client/slo-alert-hooks";
import { BURN_WINDOW_KEYS, type BurnWindowKey } from "@/lib/client/stores/slos";
import { toast } from "@/lib/client/stores/toasts";
import type { SloDto, SloStatusDto } from "@/lib/contracts/slos";
import { SloAlertBadge } from "./slo-list";
import { timeTicks } from "./time-ticks";
import { durationInWords, fmtBurn, fmtPercent, formatSeconds, remainingPercent } from "./format";

const RULE_OF: Record<BurnWindowKey, "page" | "ticket" | null> = { "5m": "page", "1h": "page", "6h": "ticket", "3d": "ticket", "30m": null, "1d": null };
const LINE_COLOUR: Record<BurnWindowKey, string> = { "5m": "var(--chart-rate)", "1h": "var(--chart-bad)", "6h": "var(--chart-warn)", "3d": "var(--chart-lime)", "30m": "var(--chart-primary)", "1d": "var(--chart-muted)" };

function Stat({ label, children, testId, tone }: { label: string; children: React.ReactNode; testId?: string; tone?: string }) {
  return (
    <div className="rounded-lg bg-slate-900 px-4 py-3 ring-1 ring-slate-800">
      <dt className="text-xs text-slate-400">{label}</dt>
      <dd className={cn("mt-1 text-lg font-semibold tabular-nums text-slate-50", tone)} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** "At the current burn rate the error budget runs out in about 12 minutes (14:32)." */
export function exhaustionWords(status: SloStatusDto, now: number, fmtAt: (ms: number) => string = (ms) => new Date(ms).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })): string {
  if (status.errorBudget.remainingRatio <= 0) return "The error budget is exhausted: the objective is not met over this window.";
  if (status.exhaustsAt) {
    const at = Date.parse(status.exhaustsAt);
    return `At the current burn rate the error budget runs out in ${durationInWords(at - now)} (${fmtAt(at)}).`;
  }
  if (status.events.total === 0) return "No events yet — the budget is untouched.";
  return "Not projected to run out: the budget is burning no faster than it is replenished.";
}

export function SloDetail({ slo, initialStatus, canOperate }: { slo: SloDto; initialStatus: SloStatusDto; canOperate: boolean }) {
  const { status } = useLiveSloStatus(slo.id, initialStatus);
  const now = useNow(5000);
  const remaining = remainingPercent(status.errorBudget.remainingRatio);
  const page = slo.alerting.pageBurnRate;
  const ticket = slo.alerting.ticketBurnRate;
  const lb = (k: BurnWindowKey) => formatSeconds(status.lookbacks[k] ?? 0);

  // nothing was measured before the SLO existed: both charts start at its creation (server series)
  const burnDown = useMemo(() => {
    const end = Date.parse(status.at);
    const windowMs = slo.windowSeconds * 1000;
    const start = Math.max(end - windowMs, Date.parse(status.since ?? slo.createdAt) || end - windowMs);
    const pts = status.series.map((p) => ({ ts: Date.parse(p.t), remaining: Math.max(0, Math.round(p.remainingRatio * 1000) / 10) }));
    const ideal = [
      { ts: start, ideal: 100 },
      { ts: end, ideal: Math.round(Math.max(0, 100 * (1 - (end - start) / windowMs)) * 10) / 10 },
    ];
    // a young SLO still gets a readable axis: at least 10 minutes from its creation
    const until = Math.max(end, start + 600_000);
    return { data: [...ideal, ...pts].sort((a, b) => a.ts - b.ts), domain: [start, until] as [number, number], axis: timeTicks(start, until) };
  }, [status, slo.windowSeconds, slo.createdAt]);

  const burnData = useMemo(() => status.series.map((p) => ({ ts: Date.parse(p.t), burn: p.burnRate ?? 0 })), [status]);
  const burnMax = Math.max(page * 1.25, ...burnData.map((p) => p.burn));
  const fmt = useTimeFormat();
  const label = (v: unknown) => new Date(Number(v)).toLocaleString();
  const tick = burnDown.axis.format;

  return (
    <div className="space-y-4">
      <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5" data-testid="slo-stats">
        <Stat label="SLI over the window" testId="slo-sli">
          {fmtPercent(status.sli, 3)}
        </Stat>
        <Stat label="Objective">{slo.objective} %</Stat>
        <Stat label="Error budget left" testId="budget-remaining" tone={remaining <= 0 ? "text-rose-300" : remaining < 25 ? "text-amber-200" : undefined}>
          {remaining.toFixed(1)} %
        </Stat>
        <Stat label="Good / total events" testId="slo-events">
          {status.events.good.toLocaleString()} / {status.events.total.toLocaleString()}
        </Stat>
        <Stat label={`Burn rate (1h → ${lb("1h")})`} testId="slo-burn-1h" tone={status.burnRates["1h"] >= page ? "text-rose-300" : undefined}>
          {fmtBurn(status.burnRates["1h"])}
        </Stat>
      </dl>
      <p className="flex items-center gap-2 text-sm text-slate-300" data-testid="slo-exhaustion" aria-live="polite">
        <SloAlertBadge alerts={status.alerts} />
        <span>{exhaustionWords(status, now, fmt.hydrated ? undefined : (ms) => formatUtc(ms, false))}</span>
      </p>

      <Card title="Error budget burn-down" description={`Remaining budget over the ${formatSeconds(slo.windowSeconds)} window, with the ideal straight line (even spending) for comparison`}>
        <div className="p-4">
          <ChartFrame title="Error budget remaining (%)" testId="burn-down-chart" height={240} empty={status.series.length === 0} extra={{ "data-points": status.series.length }}>
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={burnDown.data} margin={{ top: 4, right: 12, left: -12, bottom: 0 }}>
                <CartesianGrid {...gridProps} />
                <XAxis dataKey="ts" type="number" scale="time" domain={burnDown.domain} ticks={burnDown.axis.ticks} tickFormatter={tick} {...axisProps} />
                <YAxis domain={[0, 100]} unit=" %" {...axisProps} />
                <Tooltip {...tooltipProps} labelFormatter={label} formatter={(v) => (v === null || v === undefined ? "—" : `${Number(v).toFixed(1)} %`)} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Line dataKey="ideal" name="Ideal (even spending)" stroke="var(--chart-faint)" strokeDasharray="6 4" dot={false} connectNulls isAnimationActive={false} />
                <Line dataKey="remaining" name="Remaining" stroke="var(--chart-primary)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </ChartFrame>
        </div>
      </Card>

      <Card title="Burn rates" description={`How many times faster than sustainable the budget burns. The chart: the 1h window (${lb("1h")}) since the SLO was created, from the stored buckets; the table: every window now.`}>
        <div className="grid gap-5 p-4 lg:grid-cols-[2fr_1fr]">
          <ChartFrame title={`Burn rate over ${lb("1h")} (×)`} testId="burn-rate-chart" height={240} empty={burnData.length === 0} extra={{ "data-points": burnData.length }}>
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={burnData} margin={{ top: 4, right: 12, left: -12, bottom: 0 }}>
                <CartesianGrid {...gridProps} />
                <XAxis dataKey="ts" type="number" scale="time" domain={burnDown.domain} ticks={burnDown.axis.ticks} tickFormatter={tick} {...axisProps} />
                <YAxis domain={[0, Math.ceil(burnMax)]} unit="×" {...axisProps} />
                <Tooltip {...tooltipProps} labelFormatter={label} formatter={(v) => fmtBurn(Number(v))} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <ReferenceLine y={page} stroke="var(--chart-bad)" strokeDasharray="6 4" label={{ value: `page ${page}×`, fill: "var(--chart-bad-label)", fontSize: 11, position: "insideTopRight" }} />
                <ReferenceLine y={ticket} stroke="var(--chart-warn)" strokeDasharray="6 4" label={{ value: `ticket ${ticket}×`, fill: "var(--chart-warn-label)", fontSize: 11, position: "insideBottomRight" }} />
                <Line dataKey="burn" name={`1h (${lb("1h")}) · page`} stroke={LINE_COLOUR["1h"]} dot={false} isAnimationActive={false} strokeWidth={2} />
              </LineChart>
            </ResponsiveContainer>
          </ChartFrame>
          <div>
            <table className="w-full text-left text-sm tabular-nums" data-testid="burn-rate-table">
              <caption className="mb-1 text-left text-xs font-medium uppercase tracking-wide text-slate-400">Current burn rates</caption>
              <thead>
                <tr className="text-xs text-slate-400">
                  <th scope="col" className="py-1 font-medium">Window</th>
                  <th scope="col" className="py-1 font-medium">Lookback</th>
                  <th scope="col" className="py-1 text-right font-medium">Burn</th>
                </tr>
              </thead>
              <tbody>
                {BURN_WINDOW_KEYS.map((k) => {
                  const v = status.burnRates[k];
                  const rule = RULE_OF[k];
                  const over = rule === "page" ? v >= page : rule === "ticket" ? v >= ticket : false;
                  const w = Math.min(100, (v / Math.max(page, 1)) * 100);
                  return (
                    <tr key={k} data-testid={`burn-${k}`} className="border-t border-slate-800/70">
                      <th scope="row" className="py-1.5 pr-2 font-medium text-slate-200">
                        {k}
                        {rule ? <span className="ml-1 text-xs font-normal text-slate-400">{rule}</span> : null}
                      </th>
                      <td className="py-1.5 pr-2 text-slate-400">{lb(k)}</td>
                      <td className="py-1.5">
                        <div className="flex items-center justify-end gap-2">
                          <div className="h-1.5 w-16 overflow-hidden rounded-full bg-slate-800" aria-hidden="true">
                            <div className={cn("h-full", over ? "bg-rose-400" : v >= 1 ? "bg-amber-400" : "bg-emerald-400")} style={{ width: `${w}%` }} />
                          </div>
                          <span className={cn("w-14 text-right", over ? "text-rose-300" : "text-slate-200")}>{fmtBurn(v)}</span>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <p className="mt-2 text-xs text-slate-400">
              Page (critical) when 1h and 5m are both ≥ {page}×; ticket (warning) when 3d and 6h are both ≥ {ticket}×.
              {slo.tripBreakerOnBurnRate !== null ? ` The breaker opens while 1h and 5m are both ≥ ${slo.tripBreakerOnBurnRate}×.` : ""}
            </p>
          </div>
        </div>
      </Card>
      {canOperate ? null : <p className="text-xs text-slate-400">Read-only: operators edit SLOs.</p>}
    </div>
  );
}

export function SloHeaderActions({ slo }: { slo: SloDto }) {
  const router = useRouter();
  return (
    <div className="flex gap-2">
      <Link href={`/slos/${encodeURIComponent(slo.id)}/edit`} className={buttonClasses("secondary")}>
        Edit
      </Link>
      <ConfirmedAction
        label="Delete"
        variant="danger-ghost"
        title={`Delete SLO '${slo.name}'?`}
        description="Its history and burn-rate alerts go with it; traffic to the service is not affected."
        confirmLabel="Delete SLO"
        busyLabel="Deleting…"
        dialogTestId="delete-slo-dialog"
        stayBusy
        action={async () => {
          await api.del(`/api/v1/slos/${encodeURIComponent(slo.id)}`);
          toast.success(`SLO '${slo.name}' deleted`);
          router.push("/slos");
          router.refresh();
        }}
      />
    </div>
  );
}
