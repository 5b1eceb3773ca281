"use client";
// One time zone everywhere: the browser's. The server does not know it, so server-rendered HTML
// (and the hydrating render) shows UTC, labelled; right after hydration every time switches to the
// browser's zone. The exact UTC time is always on hover (title).
import { useEffect, useState, useSyncExternalStore } from "react";

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];
const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto", style: "short" });
const exactFmt = new Intl.DateTimeFormat("en-GB", {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  timeZoneName: "short",
});

const noSubscribe = () => () => undefined;
/** false on the server and during hydration, true afterwards (no hydration mismatch). */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
}

/** "2026-01-05 14:03:07 UTC" — the same on server and client. */
export function formatUtc(at: string | number, withSeconds = true): string {
  const t = typeof at === "number" ? at : Date.parse(at);
  if (Number.isNaN(t)) return String(at);
  const iso = new Date(t).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, withSeconds ? 19 : 16)} UTC`;
}

/** Formatters that give UTC before hydration and the browser's zone after. */
export function useTimeFormat() {
  const hydrated = useHydrated();
  return {
    hydrated,
    /** date and time with the zone name */
    exact: (at: string | number) => (hydrated ? formatExact(typeof at === "number" ? new Date(at).toISOString() : at) : formatUtc(at)),
    /** time of day only (today's events) */
    time: (at: string | number) => (hydrated ? new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : formatUtc(at).slice(11)),
  };
}

/** A date-time in the browser's zone, UTC on hover. */
export function LocalTime({ iso, mode = "exact", className }: { iso: string; mode?: "exact" | "time"; className?: string }) {
  const fmt = useTimeFormat();
  return (
    <time dateTime={iso} title={formatUtc(iso)} className={className}>
      {mode === "time" ? fmt.time(iso) : fmt.exact(iso)}
    </time>
  );
}

export function formatRelative(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const diff = Math.round((t - now) / 1000);
  if (Math.abs(diff) < 10) return "just now";
  for (const [unit, secs] of units) {
    if (Math.abs(diff) >= secs || unit === "second") return rtf.format(Math.round(diff / secs), unit);
  }
  return iso;
}

export function formatExact(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : exactFmt.format(t);
}

/**
 * "3 min ago", with the exact UTC time on hover (title) and in dateTime. Re-renders every 15 s.
 * Before hydration (server HTML) it shows the UTC time, since "now" differs between the two.
 */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const hydrated = useHydrated();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(t);
  }, []);
  return (
    <time dateTime={iso} title={hydrated ? `${formatExact(iso)} · ${formatUtc(iso)}` : formatUtc(iso)} className={className}>
      {hydrated ? formatRelative(iso, now) : formatUtc(iso, false)}
    </time>
  );
}
