"use client";
// Shared chart bits: time axis in local time, dark tooltip, range selector, and a fetch-and-poll
// hook for persisted samples (10 s intervals).
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { api, errorMessage } from "@/lib/client/api";
import type { ChartRange } from "@/lib/contracts/breakers";

export const RANGE_LABEL: Record<ChartRange, string> = { "15m": "15 min", "1h": "1 h", "24h": "24 h" };

export function fmtTime(ts: number, range: ChartRange = "15m"): string {
  return new Date(ts).toLocaleTimeString([], range === "24h" ? { hour: "2-digit", minute: "2-digit" } : { hour: "2-digit", minute: "2-digit", second: range === "15m" ? "2-digit" : undefined });
}

export const axisProps = { stroke: "#64748b", fontSize: 11, tickLine: false } as const;
export const gridProps = { stroke: "#1e293b", strokeDasharray: "3 3" } as const;
export const tooltipProps = {
  contentStyle: { background: "#0f172a", border: "1px solid #334155", borderRadius: 6, fontSize: 12 },
  labelStyle: { color: "#cbd5e1" },
  itemStyle: { padding: 0 },
  isAnimationActive: false,
} as const;

export function RangeSelector({ value, onChange }: { value: ChartRange; onChange: (r: ChartRange) => void }) {
  return (
    <div role="group" aria-label="Time range" className="inline-flex rounded-md ring-1 ring-inset ring-slate-700" data-testid="range-selector">
      {(Object.keys(RANGE_LABEL) as ChartRange[]).map((r) => (
        <button
          key={r}
          type="button"
          aria-pressed={value === r}
          onClick={() => onChange(r)}
          className={cn("h-7 px-2.5 text-xs font-medium first:rounded-l-md last:rounded-r-md", value === r ? "bg-sky-500/15 text-sky-200" : "text-slate-300 hover:bg-slate-800")}
        >
          {RANGE_LABEL[r]}
        </button>
      ))}
    </div>
  );
}

/** GET `${path}?range=` now, whenever the range changes, and every `pollMs`. */
export function useSamples<T>(path: string, range: ChartRange, initial: T[] | null, pollMs = 10_000) {
  const [data, setData] = useState<T[] | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(initial === null);
  const first = useRef(initial !== null);
  const load = useCallback(async () => {
    try {
      const d = await api.get<T[]>(path, { query: { range } });
      setData(d);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [path, range]);
  useEffect(() => {
    if (first.current) first.current = false;
    else {
      setLoading(true);
      void load();
    }
    const t = window.setInterval(() => void load(), range === "24h" ? 60_000 : pollMs);
    return () => window.clearInterval(t);
  }, [load, range, pollMs]);
  return { data, error, loading, reload: load };
}

export function ChartFrame({ title, height = 200, loading, error, empty, children, testId, extra }: { title: string; height?: number; loading?: boolean; error?: string | null; empty?: boolean; children: ReactNode; testId?: string; extra?: Record<string, string | number> }) {
  return (
    <figure className="min-w-0" data-testid={testId} {...extra}>
      <figcaption className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-400">{title}</figcaption>
      <div style={{ height }} className="relative">
        {error ? (
          <p role="alert" className="flex h-full items-center justify-center text-sm text-rose-300">
            Could not load the chart: {error}
          </p>
        ) : loading ? (
          <p className="flex h-full items-center justify-center text-sm text-slate-500">Loading…</p>
        ) : empty ? (
          <p className="flex h-full items-center justify-center text-sm text-slate-500">No samples in this range yet — they are written every 10 s.</p>
        ) : (
          children
        )}
      </div>
    </figure>
  );
}
