"use client";
// Shared chart bits: themed axis, grid and tooltip (CSS variables, so both themes read well), and a
// fetch-and-poll hook for persisted samples over the page's time span.
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { ReferenceArea } from "recharts";
import { Skeleton } from "@/components/ui/skeleton";
import { api, errorMessage } from "@/lib/client/api";
import type { ChartSpan } from "@/lib/contracts/breakers";
import { isPreset, spanKey, spanQuery } from "./chart-range";

export { fmtTime, RangeSelector, RANGE_LABEL, useChartSpan, spanDomain, describeSpan, isPreset } from "./chart-range";
export { useDragZoom } from "./chart-zoom";

export const axisProps = { stroke: "var(--chart-axis)", fontSize: 11, tickLine: false } as const;
export const gridProps = { stroke: "var(--chart-grid)", strokeDasharray: "3 3" } as const;
export const tooltipProps = {
  contentStyle: { background: "var(--chart-tooltip-bg)", border: "1px solid var(--chart-tooltip-border)", borderRadius: 6, fontSize: 12 },
  labelStyle: { color: "var(--chart-tooltip-text)" },
  itemStyle: { padding: 0 },
  isAnimationActive: false,
} as const;
/** Tooltip heading: the point's time in the browser's zone. */
export const tooltipTime = (v: unknown) => new Date(Number(v)).toLocaleString();

/** A time window shaded on a chart (e.g. a chaos experiment's span), epoch ms. */
export interface Shade {
  from: number;
  to: number;
  label: string;
}
export const shadeArea = (shade: Shade | undefined, yAxisId?: string) =>
  shade ? (
    <ReferenceArea
      {...(yAxisId ? { yAxisId } : {})}
      x1={shade.from}
      x2={shade.to}
      fill="var(--chart-warn)"
      fillOpacity={0.12}
      stroke="var(--chart-warn)"
      strokeOpacity={0.5}
      ifOverflow="hidden"
      label={{ value: shade.label, fill: "var(--chart-axis)", fontSize: 11, position: "insideTopLeft" }}
    />
  ) : null;

/** GET `path` for the span now, whenever it changes, and (for presets ending now) every `pollMs`. */
export function useSamples<T>(path: string, span: ChartSpan, initial: T[] | null, pollMs = 10_000) {
  const [data, setData] = useState<T[] | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(initial === null);
  const first = useRef(initial !== null);
  const key = spanKey(span);
  const load = useCallback(async () => {
    try {
      const d = await api.get<T[]>(path, { query: spanQuery(span) });
      setData(d);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path, key]);
  useEffect(() => {
    if (first.current) first.current = false;
    else {
      setLoading(true);
      void load();
    }
    if (!isPreset(span)) return;
    const t = window.setInterval(() => void load(), span === "15m" || span === "1h" ? pollMs : 60_000);
    return () => window.clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [load, key, pollMs]);
  return { data, error, loading, reload: load };
}

export function ChartFrame({ title, height = 200, loading, error, empty, children, testId, extra }: { title: string; height?: number; loading?: boolean; error?: string | null; empty?: boolean; children: ReactNode; testId?: string; extra?: Record<string, string | number> }) {
  return (
    <figure className="min-w-0" data-testid={testId} {...extra}>
      <figcaption className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-400">{title}</figcaption>
      <div style={{ height }} className="relative select-none">
        {error ? (
          <p role="alert" className="flex h-full items-center justify-center text-sm text-rose-300">
            Could not load the chart: {error}
          </p>
        ) : loading ? (
          <Skeleton className="h-full w-full" label="Loading the chart" />
        ) : empty ? (
          <p className="flex h-full items-center justify-center text-center text-sm text-slate-400">No samples in this range yet — they are written every 10 s.</p>
        ) : (
          children
        )}
      </div>
    </figure>
  );
}
