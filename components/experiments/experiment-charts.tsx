"use client";
// The service's answers around an experiment, its span shaded: live error % and p95 latency (the
// last 5 minutes, this instance), and the breaker's persisted calls, failure rate and rejections
// with its state changes marked.
import { useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { BreakerCharts } from "@/components/breakers/breaker-charts";
import { axisProps, ChartFrame, gridProps, shadeArea, tooltipProps, tooltipTime, type Shade } from "@/components/charts/chart-kit";
import { Card } from "@/components/ui/card";
import { useServiceTraffic } from "@/lib/client/traffic-hooks";
import { plannedEnd } from "@/lib/client/stores/experiments";
import type { ChartSpan } from "@/lib/contracts/breakers";
import type { ExperimentDto } from "@/lib/contracts/experiments";
import { fmtMs, pctOf, sparkSlots } from "../services/sparkline";

const MARGIN_MS = 2 * 60_000;

/** The experiment's window (running: up to its planned end) and the chart span that shows it. */
export function experimentWindow(e: ExperimentDto): { shade: Shade; span: ChartSpan } | null {
  if (!e.startedAt) return null;
  const from = Date.parse(e.startedAt);
  const shade = { from, to: e.endedAt ? Date.parse(e.endedAt) : (plannedEnd(e) ?? from), label: "experiment" };
  // while it runs, a range ending now that holds it; afterwards the window around it (fixed)
  if (!e.endedAt) return { shade, span: e.durationSeconds <= 12 * 60 ? "15m" : "1h" };
  return { shade, span: { from: new Date(from - MARGIN_MS).toISOString(), to: new Date(shade.to + MARGIN_MS).toISOString() } };
}

function LiveTraffic({ service, shade }: { service: string; shade: Shade }) {
  const { byName } = useServiceTraffic();
  const slots = byName.get(service)?.slots;
  const points = useMemo(() => sparkSlots(slots ?? []).map((s) => ({ ts: Date.parse(s.t), errors: pctOf(s.errors + s.rejected, s.requests), p95: s.p95 })), [slots]);
  return (
    <ChartFrame title={`${service}: errors and refusals (%) and p95 latency, last 5 min`} empty={points.length === 0} testId="chart-experiment-traffic" height={220}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 4, right: 8, left: -12, bottom: 0 }}>
          <CartesianGrid {...gridProps} />
          <XAxis dataKey="ts" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(v: number) => new Date(v).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" })} {...axisProps} />
          <YAxis yAxisId="pct" domain={[0, 100]} {...axisProps} />
          <YAxis yAxisId="ms" orientation="right" {...axisProps} />
          <Tooltip {...tooltipProps} labelFormatter={tooltipTime} formatter={(v, name) => (v === null || v === undefined ? "—" : name === "p95 latency" ? fmtMs(Number(v)) : `${Number(v).toFixed(1)} %`)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {shadeArea(shade, "pct")}
          <Line yAxisId="pct" dataKey="errors" name="Errors and refusals" stroke="var(--chart-bad)" dot={false} connectNulls={false} isAnimationActive={false} />
          <Line yAxisId="ms" dataKey="p95" name="p95 latency" stroke="var(--chart-rate)" dot={false} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export function ExperimentCharts({ e }: { e: ExperimentDto }) {
  const win = useMemo(() => experimentWindow(e), [e]);
  const transitions = useMemo(() => e.observed.breakerTransitions.map((t, i) => ({ id: `experiment-${i}`, name: e.service, actor: null, ...t })), [e.observed.breakerTransitions, e.service]);
  if (!win) return null;
  return (
    <div className="space-y-4">
      <Card title="Traffic now" description="This instance's answers for the service, one point per 10 s; the experiment's span is shaded.">
        <div className="p-4">
          <LiveTraffic service={e.service} shade={win.shade} />
        </div>
      </Card>
      <Card title={`Breaker ${e.service}`} description="Persisted samples; the experiment's span is shaded, dashed lines mark state changes.">
        <BreakerCharts name={e.service} initial={null} threshold={null} transitions={transitions} shade={win.shade} span={win.span} />
      </Card>
    </div>
  );
}
