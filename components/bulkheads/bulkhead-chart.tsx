"use client";
// Active and queued calls under the concurrency limit: persisted 10 s samples (peaks per interval,
// with the largest limit in force) plus live points appended from bulkhead:stats, so the chart
// moves between samples. The limit is a step line: flat (maxConcurrent) on a static bulkhead,
// moving on an adaptive one; the figure carries its current, lowest and highest value as data-*.
import { useMemo } from "react";
import { Area, Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, ChartFrame, fmtTime, gridProps, RangeSelector, spanDomain, tooltipProps, tooltipTime, useChartSpan, useDragZoom, useSamples } from "@/components/charts/chart-kit";
import { useLive } from "@/lib/client/stores/live";
import type { BulkheadDto, BulkheadSamplePoint } from "@/lib/contracts/breakers";

const EMPTY: never[] = [];

export function BulkheadCharts({ bulkhead, initial, compact = false }: { bulkhead: BulkheadDto; initial: BulkheadSamplePoint[] | null; compact?: boolean }) {
  const service = bulkhead.service;
  const { span: range, setSpan: setRange } = useChartSpan();
  const zoom = useDragZoom(setRange);
  const { data, error, loading } = useSamples<BulkheadSamplePoint>(`/api/v1/bulkheads/${encodeURIComponent(service)}/samples`, range, range === "15m" ? initial : null);
  const livePts = useLive((s) => s.bulkheadPoints[service] ?? EMPTY);
  const points = useMemo(() => {
    const samples = (data ?? []).map((p) => ({ ts: Date.parse(p.t), active: p.maxActive, queued: p.maxQueued, rejected: p.rejected as number | null, limit: p.maxConcurrent }));
    const lastSample = samples.length ? samples[samples.length - 1]!.ts : 0;
    const [from] = spanDomain(range);
    const fresh = !(range === "15m" || range === "1h") ? [] : livePts.filter((p) => p.t > lastSample && p.t >= from).map((p) => ({ ts: p.t, active: p.active, queued: p.queued, rejected: null, limit: p.limit }));
    return [...samples.filter((p) => p.ts >= from), ...fresh];
  }, [data, livePts, range]);
  const rejections = useMemo(() => (data ?? []).map((p) => ({ ts: Date.parse(p.t), rejected: p.rejected })), [data]);
  const domain = spanDomain(range);
  const xAxis = <XAxis dataKey="ts" type="number" scale="time" domain={domain} tickFormatter={(v: number) => fmtTime(v, range)} {...axisProps} />;
  const limit = bulkhead.limit;
  const limits = points.map((p) => p.limit);
  const adaptive = bulkhead.adaptive !== null;
  const ceiling = limit + bulkhead.maxQueue;
  const label = tooltipTime;
  const yMax = Math.max(adaptive ? limit : ceiling, ...limits, ...points.map((p) => p.active + p.queued)) + 1;
  const limitData = { "data-limit": limit, "data-limit-min": limits.length ? Math.min(...limits) : limit, "data-limit-max": limits.length ? Math.max(...limits) : limit };

  return (
    <div className="space-y-4">
      {compact ? null : (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-xs text-slate-400">Peaks per 10 s sample, plus live points between samples.</p>
          <RangeSelector value={range} onChange={setRange} />
        </div>
      )}
      <ChartFrame
        title="Active and queued calls"
        loading={loading}
        error={error}
        empty={points.length === 0}
        testId={`bulkhead-chart-${service}`}
        extra={{ "data-points": points.length, ...limitData }}
        height={compact ? 160 : 220}
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 8, right: 8, left: -12, bottom: 0 }} {...zoom.handlers}>
            {zoom.area()}
            <CartesianGrid {...gridProps} />
            {xAxis}
            <YAxis allowDecimals={false} domain={[0, yMax]} {...axisProps} />
            <Tooltip {...tooltipProps} labelFormatter={label} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {!adaptive && bulkhead.maxQueue > 0 ? (
              <ReferenceLine y={ceiling} stroke="var(--chart-bad)" strokeDasharray="6 4" label={{ value: `+ queue ${ceiling}`, fill: "var(--chart-bad-label)", fontSize: 11, position: "insideTopLeft" }} />
            ) : null}
            <Area type="stepAfter" dataKey="active" name="Active" stackId="b" stroke="var(--chart-primary)" fill="var(--chart-primary)" fillOpacity={0.35} isAnimationActive={false} />
            <Area type="stepAfter" dataKey="queued" name="Queued" stackId="b" stroke="var(--chart-queue)" fill="var(--chart-queue)" fillOpacity={0.35} isAnimationActive={false} />
            <Line type="stepAfter" dataKey="limit" name={adaptive ? "Limit (adaptive)" : "Limit (max concurrent)"} stroke="var(--chart-warn)" strokeWidth={2} strokeDasharray={adaptive ? undefined : "6 4"} dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </ChartFrame>
      {compact ? null : (
        <ChartFrame title="Rejections per interval" loading={loading} error={error} empty={rejections.length === 0} height={140} testId={`bulkhead-rejections-${service}`}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rejections} margin={{ top: 4, right: 8, left: -12, bottom: 0 }} {...zoom.handlers}>
            {zoom.area()}
              <CartesianGrid {...gridProps} />
              {xAxis}
              <YAxis allowDecimals={false} {...axisProps} />
              <Tooltip {...tooltipProps} labelFormatter={label} />
              <Bar dataKey="rejected" name="Rejected" fill="var(--chart-bad)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </ChartFrame>
      )}
    </div>
  );
}
