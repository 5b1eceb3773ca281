"use client";
import { Td, Th } from "@/components/ui/table";
import type { ServiceTraffic } from "@/lib/contracts/traffic";
import { fmtMs, fmtPct, pctOf, Sparkline, sparkSlots } from "./sparkline";

/** Column headers of the per-service traffic figures (the last minute, sparklines: 5 minutes). */
export function TrafficHeaders() {
  return (
    <>
      <Th className="text-right" title="Answers per second over the last minute">Req/s</Th>
      <Th className="text-right" title="Upstream errors, timeouts and unreachable upstreams, last minute">Errors</Th>
      <Th className="text-right" title="Refused by an open breaker, a full bulkhead or a per-user limit, last minute">Rejected</Th>
      <Th className="text-right" title="Latency quantiles over the last minute (time to the upstream's headers)">p50 / p95 / p99</Th>
    </>
  );
}

function Cell({ text, spark, testId }: { text: string; spark: React.ReactNode; testId: string }) {
  return (
    <Td className="whitespace-nowrap text-right tabular-nums">
      <span className="mr-2" data-testid={testId}>
        {text}
      </span>
      {spark}
    </Td>
  );
}

/** The traffic cells of one service row; dashes while the service has seen no traffic. */
export function TrafficCells({ name, t }: { name: string; t: ServiceTraffic | undefined }) {
  const slots = t ? sparkSlots(t.slots) : [];
  const w = t?.window;
  return (
    <>
      <Cell testId={`traffic-rps-${name}`} text={w ? w.requestsPerSecond.toFixed(w.requestsPerSecond < 10 ? 1 : 0) : "—"} spark={<Sparkline values={slots.map((s) => s.requests / 10)} label={`${name} requests per second, last 5 minutes`} />} />
      <Cell
        testId={`traffic-errors-${name}`}
        text={fmtPct(w?.errorPercent ?? null)}
        spark={<Sparkline values={slots.map((s) => pctOf(s.errors, s.requests))} max={100} className="stroke-rose-400" label={`${name} error %, last 5 minutes`} />}
      />
      <Cell
        testId={`traffic-rejected-${name}`}
        text={fmtPct(w?.rejectionPercent ?? null)}
        spark={<Sparkline values={slots.map((s) => pctOf(s.rejected, s.requests))} max={100} className="stroke-amber-400" label={`${name} rejection %, last 5 minutes`} />}
      />
      <Cell
        testId={`traffic-latency-${name}`}
        text={w ? `${fmtMs(w.latencyMs.p50)} / ${fmtMs(w.latencyMs.p95)} / ${fmtMs(w.latencyMs.p99)}` : "—"}
        spark={<Sparkline values={slots.map((s) => s.p95)} className="stroke-violet-400" label={`${name} p95 latency, last 5 minutes`} />}
      />
    </>
  );
}
