"use client";
import { useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, ChartFrame, fmtTime, gridProps, RangeSelector, tooltipProps, useSamples } from "@/components/charts/chart-kit";
import { useLive } from "@/lib/client/stores/live";
import { RANGES, type BreakerSamplePoint, type BreakerTransitionDto, type ChartRange } from "@/lib/contracts/breakers";

export function BreakerCharts({ name, initial, threshold, transitions }: { name: string; initial: BreakerSamplePoint[]; threshold: number | null; transitions: BreakerTransitionDto[] }) {
  const [range, setRange] = useState<ChartRange>("15m");
  const { data, error, loading } = useSamples<BreakerSamplePoint>(`/api/v1/breakers/${encodeURIComponent(name)}/samples`, range, range === "15m" ? initial : null);
  const live = useLive((s) => s.transitions);
  const points = useMemo(() => (data ?? []).map((p) => ({ ...p, ts: Date.parse(p.t) })), [data]);
  const markers = useMemo(() => {
    const from = Date.now() - RANGES[range];
    const all = [...live.filter((t) => t.name === name), ...transitions];
    const seen = new Set<string>();
    return all
      .map((t) => ({ ts: Date.parse(t.at), to: t.to }))
      .filter((m) => m.ts >= from && !seen.has(`${m.ts}`) && (seen.add(`${m.ts}`), true))
      .slice(0, 30);
  }, [live, transitions, name, range]);
  const domain: [number, number] = [Date.now() - RANGES[range], Date.now()];
  const xAxis = <XAxis dataKey="ts" type="number" scale="time" domain={domain} tickFormatter={(v: number) => fmtTime(v, range)} {...axisProps} />;
  const markerLines = markers.map((m) => <ReferenceLine key={m.ts} x={m.ts} stroke={m.to.includes("open") ? "#fb7185" : "#34d399"} strokeDasharray="2 3" ifOverflow="hidden" />);
  const empty = points.length === 0;
  const label = (v: unknown) => new Date(Number(v)).toLocaleString();

  return (
    <div className="space-y-5 p-4">
      <div className="flex items-center justify-between gap-3">
        <p className="text-xs text-slate-400">Persisted samples, one per 10 s{range === "24h" ? " (folded into 5 min points)" : ""}. Dashed vertical lines mark state changes.</p>
        <RangeSelector value={range} onChange={setRange} />
      </div>
      <ChartFrame title="Calls per interval" loading={loading} error={error} empty={empty} testId="chart-calls" height={220}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={points} margin={{ top: 4, right: 8, left: -12, bottom: 0 }}>
            <CartesianGrid {...gridProps} />
            {xAxis}
            <YAxis allowDecimals={false} {...axisProps} />
            <Tooltip {...tooltipProps} labelFormatter={label} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {markerLines}
            <Bar dataKey="successful" name="Successful" stackId="c" fill="#34d399" isAnimationActive={false} />
            <Bar dataKey="failed" name="Failed" stackId="c" fill="#fb7185" isAnimationActive={false} />
            <Bar dataKey="slow" name="Slow" stackId="c" fill="#fbbf24" isAnimationActive={false} />
            <Bar dataKey="rejected" name="Rejected" stackId="c" fill="#94a3b8" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartFrame>
      <div className="grid gap-5 lg:grid-cols-2">
        <ChartFrame title="Failure rate (%)" loading={loading} error={error} empty={empty} testId="chart-failure-rate">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={points} margin={{ top: 4, right: 8, left: -12, bottom: 0 }}>
              <CartesianGrid {...gridProps} />
              {xAxis}
              <YAxis domain={[0, 100]} {...axisProps} />
              <Tooltip {...tooltipProps} labelFormatter={label} formatter={(v) => (v === null || v === undefined ? "—" : `${Number(v).toFixed(1)} %`)} />
              {markerLines}
              {threshold !== null ? (
                <ReferenceLine y={threshold} stroke="#fb7185" strokeDasharray="6 4" label={{ value: `threshold ${threshold} %`, fill: "#fda4af", fontSize: 11, position: "insideTopRight" }} />
              ) : null}
              <Line dataKey="failureRate" name="Failure rate" stroke="#f472b6" dot={false} connectNulls={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </ChartFrame>
        <ChartFrame title="Rejected calls" loading={loading} error={error} empty={empty} testId="chart-rejections">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={points} margin={{ top: 4, right: 8, left: -12, bottom: 0 }}>
              <CartesianGrid {...gridProps} />
              {xAxis}
              <YAxis allowDecimals={false} {...axisProps} />
              <Tooltip {...tooltipProps} labelFormatter={label} />
              {markerLines}
              <Bar dataKey="rejected" name="Rejected" fill="#94a3b8" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </ChartFrame>
      </div>
    </div>
  );
}
