"use client";
// One time range per page, kept in the URL (?range=1h, or ?from=…&to=… for a custom window), read
// by every chart on the page; the selector offers presets and a custom from–to; drag on a chart
// to zoom into a window.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState, type FormEvent } from "react";
import { cn } from "@/components/ui/cn";
import { chartWindow, rangeQuerySchema, RANGES, type ChartRange, type ChartSpan } from "@/lib/contracts/breakers";

export const RANGE_LABEL: Record<ChartRange, string> = { "15m": "15 min", "1h": "1 h", "6h": "6 h", "24h": "24 h", "7d": "7 d" };

/** The page's span from the URL; without one (or an invalid one), `fallback` (15 min unless given). */
export function useChartSpan(fallback: ChartSpan = "15m"): { span: ChartSpan; setSpan: (s: ChartSpan) => void } {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const raw = { range: params.get("range") ?? undefined, from: params.get("from") ?? undefined, to: params.get("to") ?? undefined };
  const key = `${raw.range}|${raw.from}|${raw.to}`;
  const fallbackKey = spanKey(fallback);
  const span = useMemo<ChartSpan>(() => {
    const q = rangeQuerySchema.safeParse(raw);
    if (!q.success || (!raw.range && !raw.from && !raw.to)) return fallback;
    return q.data.from && q.data.to ? { from: q.data.from, to: q.data.to } : q.data.range;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, fallbackKey]);
  const setSpan = useCallback(
    (s: ChartSpan) => {
      const next = new URLSearchParams(params.toString());
      next.delete("range");
      next.delete("from");
      next.delete("to");
      if (typeof s === "string") {
        if (s !== fallback) next.set("range", s);
      } else {
        next.set("from", s.from);
        next.set("to", s.to);
      }
      const qs = next.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [params, router, pathname, fallbackKey],
  );
  return { span, setSpan };
}

export const isPreset = (s: ChartSpan): s is ChartRange => typeof s === "string";
export const spanQuery = (s: ChartSpan): Record<string, string> => (isPreset(s) ? { range: s } : { from: s.from, to: s.to });
export const spanKey = (s: ChartSpan): string => (isPreset(s) ? s : `${s.from}/${s.to}`);
/** [from, to] in epoch ms for the x axis domain. */
export function spanDomain(s: ChartSpan, now = Date.now()): [number, number] {
  const w = chartWindow(s, now);
  return [w.from, w.to];
}

export function fmtTime(ts: number, span: ChartSpan = "15m"): string {
  const [from, to] = spanDomain(span, Date.now());
  const width = to - from;
  const d = new Date(ts);
  if (width > RANGES["24h"]) return d.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  return d.toLocaleTimeString([], width > RANGES["1h"] ? { hour: "2-digit", minute: "2-digit" } : { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** `<input type="datetime-local">` value (browser zone) for an epoch ms. */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function describeSpan(s: ChartSpan): string {
  if (isPreset(s)) return `the last ${RANGE_LABEL[s]}`;
  return `${new Date(s.from).toLocaleString()} – ${new Date(s.to).toLocaleString()}`;
}

export function RangeSelector({ value, onChange }: { value: ChartSpan; onChange: (s: ChartSpan) => void }) {
  const [custom, setCustom] = useState(!isPreset(value));
  const [from, to] = spanDomain(value);
  const [error, setError] = useState<string | null>(null);
  function apply(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const fromMs = Date.parse(String(f.get("from")));
    const toMs = Date.parse(String(f.get("to")));
    const q = rangeQuerySchema.safeParse({ from: Number.isFinite(fromMs) ? new Date(fromMs).toISOString() : "", to: Number.isFinite(toMs) ? new Date(toMs).toISOString() : "" });
    if (!q.success) return setError(`${q.error.issues[0]?.path.join(".")} ${q.error.issues[0]?.message}`);
    setError(null);
    onChange({ from: q.data.from!, to: q.data.to! });
  }
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <div role="group" aria-label="Time range" className="inline-flex flex-wrap rounded-md ring-1 ring-inset ring-slate-700" data-testid="range-selector">
        {(Object.keys(RANGE_LABEL) as ChartRange[]).map((r) => (
          <button
            key={r}
            type="button"
            aria-pressed={value === r}
            onClick={() => {
              setCustom(false);
              onChange(r);
            }}
            className={cn("h-7 px-2.5 text-xs font-medium first:rounded-l-md", value === r ? "bg-sky-500/15 text-sky-200" : "text-slate-300 hover:bg-slate-800")}
          >
            {RANGE_LABEL[r]}
          </button>
        ))}
        <button type="button" aria-pressed={!isPreset(value)} aria-expanded={custom} onClick={() => setCustom((c) => !c)} className={cn("h-7 rounded-r-md px-2.5 text-xs font-medium", !isPreset(value) ? "bg-sky-500/15 text-sky-200" : "text-slate-300 hover:bg-slate-800")}>
          Custom
        </button>
      </div>
      {custom ? (
        <form onSubmit={apply} className="flex flex-wrap items-center gap-2 text-xs" data-testid="range-custom" key={`${from}-${to}`}>
          <label className="flex items-center gap-1 text-slate-300">
            From
            <input name="from" type="datetime-local" defaultValue={localInput(from)} className="h-7 rounded bg-slate-950 px-1.5 text-slate-100 ring-1 ring-inset ring-slate-700" />
          </label>
          <label className="flex items-center gap-1 text-slate-300">
            To
            <input name="to" type="datetime-local" defaultValue={localInput(to)} className="h-7 rounded bg-slate-950 px-1.5 text-slate-100 ring-1 ring-inset ring-slate-700" />
          </label>
          <button type="submit" className="h-7 rounded-md bg-slate-800 px-2.5 font-medium text-slate-100 ring-1 ring-inset ring-slate-700 hover:bg-slate-700">
            Apply
          </button>
          {error ? (
            <span role="alert" className="text-rose-300">
              {error}
            </span>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
