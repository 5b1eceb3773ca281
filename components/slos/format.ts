import { SLO_WINDOW_PRESETS, type Sli } from "@/lib/engine/slo/options";

const PRESET_BY_SECONDS = new Map<number, string>(Object.entries(SLO_WINDOW_PRESETS).map(([k, v]) => [v, k]));

/** "1h", "30d", or "5400 s" for a custom window. */
export function windowLabel(seconds: number): string {
  return PRESET_BY_SECONDS.get(seconds) ?? formatSeconds(seconds);
}

/** A compact length: "10 s", "2 min", "1.5 h", "3 d". */
export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 120) return `${s} s`;
  if (s < 2 * 3600) return `${Math.round((s / 60) * 10) / 10} min`;
  if (s < 2 * 86_400) return `${Math.round((s / 3600) * 10) / 10} h`;
  return `${Math.round((s / 86_400) * 10) / 10} d`;
}

/** "about 12 minutes", "3 hours", "less than a minute". */
export function durationInWords(ms: number): string {
  const s = Math.max(0, ms / 1000);
  if (s < 60) return "less than a minute";
  const m = s / 60;
  if (m < 90) return `${Math.round(m)} minute${Math.round(m) === 1 ? "" : "s"}`;
  const h = m / 60;
  if (h < 36) return `${Math.round(h)} hours`;
  const d = h / 24;
  return `${Math.round(d)} days`;
}

export function fmtPercent(v: number, digits = 2): string {
  return `${Number.isFinite(v) ? v.toFixed(digits) : "—"} %`;
}

export function fmtBurn(v: number): string {
  if (!Number.isFinite(v)) return "—";
  return `${v >= 100 ? Math.round(v) : v >= 10 ? v.toFixed(1) : v.toFixed(2)}×`;
}

/** Remaining error budget as a 0–100 percentage (negative budgets show as 0). */
export function remainingPercent(ratio: number): number {
  return Math.max(0, Math.min(100, Math.round(ratio * 1000) / 10));
}

export function sliText(slo: { sli: Sli }): string {
  return slo.sli.type === "latency" ? `Latency < ${slo.sli.thresholdMs} ms` : "Availability";
}
