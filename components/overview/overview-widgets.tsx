"use client";
import Link from "next/link";
import { useMemo } from "react";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { BreakerStateDetail, formatRate, STATE_LABEL, StateBadge } from "@/components/breakers/state-badge";
import { axisProps, ChartFrame, describeSpan, fmtTime, gridProps, RangeSelector, spanDomain, tooltipProps, tooltipTime, useChartSpan, useDragZoom, useSamples } from "@/components/charts/chart-kit";
import { cn } from "@/components/ui/cn";
import { useLiveBreakers, useLiveBulkheads } from "@/lib/client/live-hooks";
import type { BreakerDto, BreakerStateName, BulkheadDto, TrafficPoint } from "@/lib/contracts/breakers";

const ORDER: BreakerStateName[] = ["forced_open", "open", "half_open", "forced_closed", "closed"];

export function BreakersByState({ initial }: { initial: BreakerDto[] }) {
  const breakers = useLiveBreakers(initial);
  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const b of breakers) c[b.state] = (c[b.state] ?? 0) + 1;
    return c;
  }, [breakers]);
  const notClosed = breakers.filter((b) => b.state !== "closed");
  if (breakers.length === 0) {
    return (
      <p className="px-4 py-6 text-sm text-slate-400">
        No services yet — <Link href="/services" className="text-sky-400 underline underline-offset-2">add one</Link>, or run <code className="rounded bg-slate-800 px-1 text-slate-200">npm run demo</code>.
      </p>
    );
  }
  return (
    <div data-testid="breakers-by-state">
      <ul className="flex flex-wrap gap-2 px-4 pt-3">
        {ORDER.map((s) => (
          <li key={s}>
            <Link href="/breakers" className={cn("inline-flex items-center gap-2 rounded-md px-2 py-1 ring-1 ring-slate-800 hover:bg-slate-800", (counts[s] ?? 0) === 0 && "text-slate-400")}>
              <StateBadge state={s} />
              <span className="text-sm font-semibold tabular-nums" data-testid={`count-${s}`} aria-label={`${counts[s] ?? 0} ${STATE_LABEL[s]}`}>
                {counts[s] ?? 0}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {notClosed.length ? (
        <ul className="mt-3 divide-y divide-slate-800/70 border-t border-slate-800">
          {notClosed.slice(0, 8).map((b) => (
            <li key={b.name} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm" data-testid={`overview-breaker-${b.name}`} data-state={b.state}>
              <Link href={`/breakers/${encodeURIComponent(b.name)}`} className="font-medium text-slate-100 hover:text-sky-300 hover:underline">
                {b.name}
              </Link>
              <BreakerStateDetail breaker={b} compact />
              <span className="text-xs tabular-nums text-slate-400">failure rate {formatRate(b.metrics.failureRate)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-3 border-t border-slate-800 px-4 py-3 text-sm text-emerald-300">All {breakers.length} breakers are closed.</p>
      )}
    </div>
  );
}

export function TrafficChart({ initial }: { initial: TrafficPoint[] }) {
  const { span, setSpan } = useChartSpan();
  const zoom = useDragZoom(setSpan);
  const { data, error, loading } = useSamples<TrafficPoint>("/api/v1/traffic", span, span === "15m" ? initial : null);
  // every answer counts: the successes, the errors, the refusals (breaker, bulkhead, per-user) and bad requests
  const points = useMemo(
    () => (data ?? []).map((p) => ({ ...p, ts: Date.parse(p.t), ok: p.outcomes?.success ?? 0, other: p.requests - (p.outcomes?.success ?? 0) - p.failed - p.rejected })),
    [data],
  );
  const rejected = points.reduce((a, p) => a + p.rejected, 0);
  const total = points.reduce((a, p) => a + p.requests, 0);
  const failed = points.reduce((a, p) => a + p.failed + p.rejected, 0);
  const domain = spanDomain(span);
  return (
    <div className="p-4">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-slate-400 tabular-nums">
          <span data-testid="traffic-total">{total}</span> requests in {describeSpan(span)} · {total ? ((failed / total) * 100).toFixed(1) : "0"} % failed or rejected ·{" "}
          <span data-testid="traffic-rejected">{rejected}</span> rejected
        </p>
        <RangeSelector value={span} onChange={setSpan} />
      </div>
      <ChartFrame title="Gateway answers and error rate" loading={loading} error={error} empty={points.length === 0} height={220} testId="traffic-chart">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 4, right: 0, left: -12, bottom: 0 }} {...zoom.handlers}>
            {zoom.area("n")}
            <CartesianGrid {...gridProps} />
            <XAxis dataKey="ts" type="number" scale="time" domain={domain} tickFormatter={(v: number) => fmtTime(v, span)} {...axisProps} />
            <YAxis yAxisId="n" allowDecimals={false} {...axisProps} />
            <YAxis yAxisId="p" orientation="right" domain={[0, 100]} unit="%" {...axisProps} />
            <Tooltip {...tooltipProps} labelFormatter={tooltipTime} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Area yAxisId="n" type="monotone" dataKey="ok" name="Successful" stackId="r" stroke="var(--chart-ok)" fill="var(--chart-ok)" fillOpacity={0.25} isAnimationActive={false} />
            <Area yAxisId="n" type="monotone" dataKey="failed" name="Failed" stackId="r" stroke="var(--chart-bad)" fill="var(--chart-bad)" fillOpacity={0.3} isAnimationActive={false} />
            <Area yAxisId="n" type="monotone" dataKey="rejected" name="Rejected" stackId="r" stroke="var(--chart-muted)" fill="var(--chart-muted)" fillOpacity={0.3} isAnimationActive={false} />
            <Area yAxisId="n" type="monotone" dataKey="other" name="Bad requests" stackId="r" stroke="var(--chart-lime)" fill="var(--chart-lime)" fillOpacity={0.2} isAnimationActive={false} />
            <Line yAxisId="p" type="monotone" dataKey="errorRate" name="Error rate %" stroke="var(--chart-rate)" dot={false} strokeWidth={2} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </ChartFrame>
    </div>
  );
}

export function BusiestBulkheads({ initial }: { initial: BulkheadDto[] }) {
  const list = useLiveBulkheads(initial);
  const top = [...list].sort((a, b) => b.active / b.limit - a.active / a.limit || b.queued - a.queued || b.rejected - a.rejected).slice(0, 5);
  if (top.length === 0) return <p className="px-4 py-6 text-sm text-slate-400">No bulkheads yet — every service has one.</p>;
  return (
    <ul className="space-y-3 p-4" data-testid="busiest-bulkheads">
      {top.map((b) => {
        const pct = Math.min(100, (b.active / b.limit) * 100);
        return (
          <li key={b.service}>
            <div className="flex items-baseline justify-between text-sm">
              <Link href={`/bulkheads#${encodeURIComponent(b.service)}`} className="font-medium text-slate-100 hover:text-sky-300 hover:underline">
                {b.service}
              </Link>
              <span className="text-xs tabular-nums text-slate-400">
                {b.active}/{b.limit} active · {b.queued} queued · {b.rejected + (b.perUser?.rejected ?? 0)} rejected
              </span>
            </div>
            <div className="mt-1 h-1.5 rounded bg-slate-800" role="meter" aria-valuemin={0} aria-valuemax={b.limit} aria-valuenow={b.active} aria-label={`${b.service} active calls`}>
              <div className={cn("h-1.5 rounded", pct >= 100 ? "bg-rose-400" : pct >= 75 ? "bg-amber-400" : "bg-sky-400")} style={{ width: `${pct}%` }} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
