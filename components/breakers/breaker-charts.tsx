"use client";
import { useMemo } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, ChartFrame, describeSpan, fmtTime, gridProps, isPreset, RangeSelector, shadeArea, spanDomain, tooltipProps, tooltipTime, useChartSpan, useDragZoom, useSamples, type Shade } from "@/components/charts/chart-kit";
import { useLive } from "@/lib/client/stores/live";
import type { BreakerSamplePoint, BreakerTransitionDto, ChartSpan } from "@/lib/contracts/breakers";

/** `initial`: the server-rendered samples of the last 15 min (null: fetch them); `shade`: a window to highlight, shown by default through `span`. */
export function BreakerCharts({ name, initial, threshold, transitions, shade, span }: { name: string; initial: BreakerSamplePoint[] | null; threshold: number | null; transitions: BreakerTransitionDto[]; shade?: Shade; span?: ChartSpan }) {
  const { span: range, setSpan: setRange } = useChartSpan(span);
  const zoom = useDragZoom(setRange);
  const { data, error, loading } = useSamples<BreakerSamplePoint>(`/api/v1/breakers/${encodeURIComponent(name)}/samples`, range, range === "15m" ? initial : null);
  const live = useLive((s) => s.transitions);
  const points = useMemo(() => (data ?? []).map((p) => ({ ...p, ts: Date.parse(p.t) })), [data]);
  const markers = useMemo(() => {
    const [from, to] = spanDomain(range);
    const all = [...live.filter((t) => t.name === name), ...transitions];
    const seen = new Set<string>();
    return all
      .map((t) => ({ ts: Date.parse(t.at), to: t.to }))
      .filter((m) => m.ts >= from && m.ts <= to && !seen.has(`${m.ts}`) && (seen.add(`${m.ts}`), true))
      .slice(0, 30);
  }, [live, transitions, name, range]);
  const domain = spanDomain(range);
  const xAxis = <XAxis dataKey="ts" type="number" scale="time" domain={domain} tickFormatter={(v: number) => fmtTime(v, range)} {...axisProps} />;
  const shaded = shadeArea(shade);
  const markerLines = markers.map((m) => <ReferenceLine key={m.ts} x={m.ts} stroke={m.to.includes("open") ? "var(--chart-bad)" : "var(--chart-ok)"} strokeDasharray="2 3" ifOverflow="hidden" />);
  const empty = points.length === 0;
  const label = tooltipTime;
  const frame = { data: points, margin: { top: 4, right: 8, left: -12, bottom: 0 }, ...zoom.handlers };
  /** The count charts' grid, axes and tooltip. */
  const countAxes = (
    <>
      <CartesianGrid {...gridProps} />
      {xAxis}
      <YAxis allowDecimals={false} {...axisProps} />
      <Tooltip {...tooltipProps} labelFormatter={label} />
    </>
  );
  /** Over every chart: the shaded span, state-change markers and the drag-to-zoom area. */
  const overlays = (
    <>
      {shaded}
      {markerLines}
      {zoom.area()}
    </>
  );

  return (
    <div className="space-y-5 p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-xs text-slate-400">
          Persisted samples for {describeSpan(range)}{isPreset(range) && (range === "15m" || range === "1h") ? ", one per 10 s" : ", folded into wider points"}. Dashed vertical lines mark state changes; drag across a chart to zoom.
        </p>
        <RangeSelector value={range} onChange={setRange} />
      </div>
      <ChartFrame title="Calls per interval" loading={loading} error={error} empty={empty} testId="chart-calls" height={220}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart {...frame}>
            {countAxes}
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {overlays}
            <Bar dataKey="successful" name="Successful" stackId="c" fill="var(--chart-ok)" isAnimationActive={false} />
            <Bar dataKey="failed" name="Failed" stackId="c" fill="var(--chart-bad)" isAnimationActive={false} />
            <Bar dataKey="slow" name="Slow" stackId="c" fill="var(--chart-warn)" isAnimationActive={false} />
            <Bar dataKey="rejected" name="Rejected" stackId="c" fill="var(--chart-muted)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartFrame>
      <div className="grid gap-5 lg:grid-cols-2">
        <ChartFrame title="Failure rate (%)" loading={loading} error={error} empty={empty} testId="chart-failure-rate">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart {...frame}>
              <CartesianGrid {...gridProps} />
              {xAxis}
              <YAxis domain={[0, 100]} {...axisProps} />
              <Tooltip {...tooltipProps} labelFormatter={label} formatter={(v) => (v === null || v === undefined ? "—" : `${Number(v).toFixed(1)} %`)} />
              {overlays}
              {threshold !== null ? (
                <ReferenceLine y={threshold} stroke="var(--chart-bad)" strokeDasharray="6 4" label={{ value: `threshold ${threshold} %`, fill: "var(--chart-bad-label)", fontSize: 11, position: "insideTopRight" }} />
              ) : null}
              <Line dataKey="failureRate" name="Failure rate" stroke="var(--chart-rate)" dot={false} connectNulls={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </ChartFrame>
        <ChartFrame title="Rejected calls" loading={loading} error={error} empty={empty} testId="chart-rejections">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart {...frame}>
              {countAxes}
              {overlays}
              <Bar dataKey="rejected" name="Rejected" fill="var(--chart-muted)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </ChartFrame>
      </div>
    </div>
  );
}
