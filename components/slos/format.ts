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

const WINDOW_WORDS: Record<string, string> = { "1h": "1 hour", "1d": "1 day", "7d": "7 days", "28d": "28 days", "30d": "30 days" };

/** "7 days", "1 hour", or a custom window in words ("90 minutes"). */
export function windowInWords(seconds: number): string {
  const preset = PRESET_BY_SECONDS.get(seconds);
  return preset ? WINDOW_WORDS[preset]! : spanInWords(seconds);
}

/** A length of time, whole units, at most two of them: "50 min", "7 h 12 min", "3 d", "36 s". */
export function spanInWords(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 1) return "less than a second";
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m / 60} h`;
  const h = Math.round(m / 60);
  return h % 24 ? `${Math.floor(h / 24)} d ${h % 24} h` : `${h / 24} d`;
}

/**
 * What an objective allows over its window, as time: "99.5 % over 7 days = 50 min of errors"
 * (latency SLIs: "of slow or failed time"); null while the objective is not a valid percentage.
 */
export function errorBudgetText(objective: string, windowSeconds: number, sliType: "availability" | "latency"): string | null {
  const raw = objective.trim();
  const o = Number(raw);
  if (raw === "" || !Number.isFinite(o) || o <= 0 || o >= 100 || !(windowSeconds > 0)) return null;
  const budget = (1 - o / 100) * windowSeconds;
  return `${raw} % over ${windowInWords(windowSeconds)} = ${spanInWords(budget)} of ${sliType === "latency" ? "slow or failed time" : "errors"}`;
}
