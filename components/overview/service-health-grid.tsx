"use client";
import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { fmtMs, fmtPct, pctOf, Sparkline, sparkSlots } from "@/components/services/sparkline";
import { useServiceTraffic } from "@/lib/client/traffic-hooks";
import type { ServiceTraffic } from "@/lib/contracts/traffic";

const TONE: Record<ServiceTraffic["health"], string> = {
  failing: "bg-rose-500/15 ring-rose-500/60",
  degraded: "bg-amber-500/10 ring-amber-500/50",
  healthy: "bg-emerald-500/10 ring-emerald-500/40",
  idle: "bg-slate-800/40 ring-slate-700",
};
const WORD: Record<ServiceTraffic["health"], string> = { failing: "failing", degraded: "degraded", healthy: "healthy", idle: "no traffic" };

function Tile({ t, maxRps }: { t: ServiceTraffic; maxRps: number }) {
  const w = t.window;
  // size = volume: the busiest service gets the widest tile
  const basis = 9 + Math.round(7 * Math.sqrt(maxRps > 0 ? w.requestsPerSecond / maxRps : 0));
  const slots = sparkSlots(t.slots);
  return (
    <li
      className={cn("min-w-0 rounded-md p-2 ring-1", TONE[t.health])}
      style={{ flex: `1 1 ${basis}rem` }}
      data-testid={`grid-${t.service}`}
      data-health={t.health}
    >
      <div className="flex items-baseline justify-between gap-2">
        <Link href={`/services/${encodeURIComponent(t.service)}`} className="truncate text-sm font-semibold text-slate-100 hover:underline">
          {t.service}
        </Link>
        <span className="text-xs text-slate-400">{WORD[t.health]}</span>
      </div>
      <dl className="mt-1 grid grid-cols-2 gap-x-3 text-xs tabular-nums text-slate-300">
        <dt className="text-slate-400">req/s</dt>
        <dd className="text-right">{w.requestsPerSecond.toFixed(1)}</dd>
        <dt className="text-slate-400">errors</dt>
        <dd className="text-right" data-testid={`grid-errors-${t.service}`}>{fmtPct(w.errorPercent)}</dd>
        <dt className="text-slate-400">rejected</dt>
        <dd className="text-right" data-testid={`grid-rejected-${t.service}`}>{fmtPct(w.rejectionPercent)}</dd>
        <dt className="text-slate-400">p99</dt>
        <dd className="text-right">{fmtMs(w.latencyMs.p99)}</dd>
      </dl>
      <div className="mt-1 flex gap-1">
        <Sparkline values={slots.map((s) => s.requests / 10)} label={`${t.service} requests per second, last 5 minutes`} />
        <Sparkline values={slots.map((s) => pctOf(s.errors + s.rejected, s.requests))} max={100} className="stroke-rose-400" label={`${t.service} errors and refusals %, last 5 minutes`} />
      </div>
    </li>
  );
}

/** Hystrix-style one-glance grid of every service (last minute): size = volume, colour = health, worst first. */
export function ServiceHealthGrid({ initial = [] }: { initial?: ServiceTraffic[] }) {
  const { list } = useServiceTraffic(initial);
  if (list.length === 0) return <p className="px-4 py-6 text-sm text-slate-400">No services yet.</p>;
  const failing = list.filter((s) => s.health === "failing");
  const maxRps = Math.max(0, ...list.map((s) => s.window.requestsPerSecond));
  return (
    <div className="p-4" data-testid="service-health-grid">
      {failing.length > 0 && (
        <p className="mb-3 text-sm text-rose-300" data-testid="failing-services">
          Failing now: {failing.map((s) => `${s.service} (${fmtPct((s.window.errorPercent ?? 0) + (s.window.rejectionPercent ?? 0))} errors or refusals)`).join(", ")}
        </p>
      )}
      <ul className="flex flex-wrap gap-2">
        {list.map((t) => (
          <Tile key={t.service} t={t} maxRps={maxRps} />
        ))}
      </ul>
    </div>
  );
}
