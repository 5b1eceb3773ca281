"use client";
// One health check: key numbers, the latency of recent results (plus live ones), uptime per minute
// for the last hour, and the latest results.
import Link from "next/link";
import { useMemo } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, ChartFrame, fmtTime, gridProps, tooltipProps } from "@/components/charts/chart-kit";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { useHealthResults, useLiveHealthCheck, type HealthResults } from "@/lib/client/health-hooks";
import { uptimeOf, uptimeText } from "@/lib/client/health-uptime";
import type { HealthCheckDto } from "@/lib/contracts/health";
import { DeleteHealthCheck } from "./health-delete";
import { fmtInterval, fmtLatency, HealthStatusDetail } from "./health-status";

function Stat({ label, value, testId, tone }: { label: string; value: React.ReactNode; testId?: string; tone?: string }) {
  return (
    <div className="rounded-lg bg-slate-900 px-4 py-3 ring-1 ring-slate-800">
      <dt className="text-xs uppercase tracking-wide text-slate-400">{label}</dt>
      <dd className={`mt-1 text-lg font-semibold tabular-nums ${tone ?? "text-slate-100"}`} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export function HealthHeaderActions({ check }: { check: HealthCheckDto }) {
  return (
    <div className="flex items-center gap-2">
      <Link href={`/health/${encodeURIComponent(check.id)}/edit`} className={buttonClasses("secondary")} data-testid="health-edit">
        Edit
      </Link>
      <DeleteHealthCheck check={check} then="/health" size="md" />
    </div>
  );
}

export function HealthDetail({ initial, initialResults }: { initial: HealthCheckDto; initialResults: HealthResults | null }) {
  const check = useLiveHealthCheck(initial);
  const { points, minutes, error } = useHealthResults(initial.id, initialResults);
  const now = Date.now();
  const hour = useMemo(() => uptimeOf(minutes), [minutes]);
  const latency = useMemo(() => points.map((p) => ({ ts: p.t, latency: p.latencyMs, failed: p.healthy ? null : p.latencyMs, detail: p.detail })), [points]);
  const bars = useMemo(() => minutes.map((m) => ({ ts: Date.parse(m.t), up: m.up, down: m.down, p95: m.p95 })), [minutes]);
  const p95 = minutes.length ? minutes[minutes.length - 1]!.p95 : null;
  const label = (v: unknown) => new Date(Number(v)).toLocaleString();

  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <Stat label="Status" value={<span className="text-sm font-normal">{<HealthStatusDetail check={check} />}</span>} />
        <Stat label="Last latency" value={fmtLatency(check.last?.latencyMs)} testId="health-last-latency" tone={check.last && !check.last.healthy ? "text-rose-300" : undefined} />
        <Stat label="p95 this minute" value={fmtLatency(p95)} />
        <Stat label="Uptime, last hour" value={uptimeText(hour.pct)} testId="health-uptime" tone={hour.pct !== null && hour.pct < 99 ? "text-amber-300" : undefined} />
        <Stat label="Every / timeout" value={`${fmtInterval(check.intervalMs)} / ${fmtInterval(check.timeoutMs)}`} />
        <Stat label="Thresholds" value={<span title="successes in a row to turn healthy / failures in a row to turn unhealthy">{`${check.healthyThreshold} ✓ / ${check.unhealthyThreshold} ✗`}</span>} />
      </dl>
      {check.lastError ? (
        <p className={`rounded-md px-3 py-2 text-sm ring-1 ring-inset ${check.status === "unhealthy" ? "bg-rose-500/10 text-rose-200 ring-rose-500/30" : "bg-slate-900 text-slate-300 ring-slate-800"}`} data-testid="health-last-error">
          <span className="font-medium">Last error:</span> {check.lastError}
        </p>
      ) : null}
      <Card title="Latency and uptime" description="Every result since the server started (the latest 120, plus live ones); uptime per minute for the last hour.">
        <div className="space-y-5 p-4" data-testid={`health-chart-${check.id}`} data-points={latency.length} data-minutes={bars.length}>
          <ChartFrame title="Latency per run (ms) — failed runs in red" error={error} empty={latency.length === 0} height={220} testId="health-latency-chart">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={latency} margin={{ top: 4, right: 8, left: -8, bottom: 0 }}>
                <CartesianGrid {...gridProps} />
                <XAxis dataKey="ts" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(v: number) => fmtTime(v)} {...axisProps} />
                <YAxis {...axisProps} />
                <Tooltip {...tooltipProps} labelFormatter={label} formatter={(v, name) => (v === null || v === undefined ? ["—", name] : [`${Number(v).toFixed(1)} ms`, name])} />
                <ReferenceLine y={check.timeoutMs} stroke="var(--chart-bad)" strokeDasharray="6 4" ifOverflow="hidden" label={{ value: `timeout ${check.timeoutMs} ms`, fill: "var(--chart-bad-label)", fontSize: 11, position: "insideTopRight" }} />
                <Line dataKey="latency" name="Latency" stroke="var(--chart-primary)" dot={false} isAnimationActive={false} />
                <Line dataKey="failed" name="Failed" stroke="none" dot={{ r: 3, fill: "var(--chart-bad)", stroke: "var(--chart-bad)" }} activeDot={{ r: 4 }} isAnimationActive={false} connectNulls={false} />
              </LineChart>
            </ResponsiveContainer>
          </ChartFrame>
          <ChartFrame title="Runs per minute — up / down (last hour)" error={error} empty={bars.length === 0} height={180} testId="health-uptime-chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={bars} margin={{ top: 4, right: 8, left: -12, bottom: 0 }}>
                <CartesianGrid {...gridProps} />
                <XAxis dataKey="ts" type="number" scale="time" domain={[now - 3_600_000, now + 60_000]} tickFormatter={(v: number) => fmtTime(v, "1h")} {...axisProps} />
                <YAxis allowDecimals={false} {...axisProps} />
                <Tooltip {...tooltipProps} labelFormatter={label} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Bar dataKey="up" name="Up" stackId="u" fill="var(--chart-ok)" isAnimationActive={false} minPointSize={0} />
                <Bar dataKey="down" name="Down" stackId="u" fill="var(--chart-bad)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </ChartFrame>
        </div>
      </Card>
      <Card title="Latest results" description="Newest first.">
        {points.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-slate-400">No results yet — the first run is within a second of creation.</p>
        ) : (
          <Table caption="Latest results of this check" data-testid="health-results">
            <thead>
              <tr>
                <Th>Time</Th>
                <Th>Result</Th>
                <Th className="text-right">Latency</Th>
                <Th>Detail</Th>
              </tr>
            </thead>
            <tbody>
              {[...points]
                .reverse()
                .slice(0, 15)
                .map((p) => (
                  <Tr key={p.t}>
                    <Td className="whitespace-nowrap text-slate-300">
                      <LocalTime iso={new Date(p.t).toISOString()} mode="time" />
                    </Td>
                    <Td>{p.healthy ? <span className="text-emerald-300">✓ up</span> : <span className="text-rose-300">✗ down</span>}</Td>
                    <Td className="text-right">{fmtLatency(p.latencyMs)}</Td>
                    <Td className="max-w-xl truncate text-xs text-slate-400" title={p.detail}>
                      {p.detail}
                    </Td>
                  </Tr>
                ))}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
