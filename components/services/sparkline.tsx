"use client";
import type { TrafficSlot } from "@/lib/contracts/traffic";
import { SPARK_SLOTS } from "@/lib/client/traffic-hooks";

/** A tiny line of the last 5 minutes (one point per 10 s); gaps (null) break the line. */
export function Sparkline({ values, label, className = "stroke-sky-400", max }: { values: (number | null)[]; label: string; className?: string; max?: number }) {
  const w = 64;
  const h = 18;
  const top = max ?? Math.max(1e-9, ...values.map((v) => v ?? 0));
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const segments: string[] = [];
  let current = "";
  values.forEach((v, i) => {
    if (v === null) {
      if (current) segments.push(current);
      current = "";
      return;
    }
    const y = h - 1 - (Math.min(v, top) / top) * (h - 2);
    current += `${current ? "L" : "M"}${(i * step).toFixed(1)},${y.toFixed(1)}`;
  });
  if (current) segments.push(current);
  // the latest value as a dot, so a lone point (a service that just got traffic) shows too
  const lastI = values.findLastIndex((v) => v !== null);
  const lastV = lastI >= 0 ? (values[lastI] as number) : null;
  return (
    <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label} className="inline-block align-middle">
      <title>{label}</title>
      {segments.map((d, i) => (
        <path key={i} d={d} fill="none" strokeWidth={1.5} className={className} />
      ))}
      {lastV !== null && <circle cx={lastI * step} cy={h - 1 - (Math.min(lastV, top) / top) * (h - 2)} r={1.5} fill="none" strokeWidth={1.5} className={className} />}
    </svg>
  );
}

/** The slots a sparkline draws (the last 5 minutes). */
export function sparkSlots(slots: TrafficSlot[]): TrafficSlot[] {
  return slots.slice(-SPARK_SLOTS);
}

export const pctOf = (n: number, d: number): number | null => (d > 0 ? (n / d) * 100 : null);

export function fmtMs(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function fmtPct(p: number | null): string {
  return p === null ? "—" : `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)} %`;
}
