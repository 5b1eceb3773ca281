/** The figures of the `adaptive` benchmark: per-phase answer statistics, settle time, the limit plot. */
import { pct } from "./http-bench";
import type { Answer } from "./open-loop";

export interface PhaseStats {
  sent: number;
  /** 2xx answers per second */
  goodput: number;
  /** latency of admitted (2xx) requests, ms */
  p50: number;
  p99: number;
  /** share of requests refused with 503 bulkhead_full */
  rejectedShare: number;
  /** answers that are neither 2xx nor bulkhead_full (timeouts, 502, client errors) */
  other: number;
  byKey: Record<string, number>;
}

export interface LimitPoint {
  /** ms since the start of the measured run */
  t: number;
  limit: number;
  /** gradient2's deliberate one-window drop to minLimit to re-measure the no-load RTT */
  probe?: boolean;
}

/** Requests sent in [fromMs, toMs): latency and rejections; goodput counts 2xx answers that completed in it. */
export function phaseStats(all: Answer[], fromMs: number, toMs: number): PhaseStats {
  const answers = all.filter((a) => a.sentAt >= fromMs && a.sentAt < toMs);
  const ok = new Float64Array(answers.filter((a) => a.key.startsWith("2")).map((a) => a.ms)).sort();
  let done = 0;
  for (const a of all) if (a.key.startsWith("2") && a.sentAt + a.ms >= fromMs && a.sentAt + a.ms < toMs) done++;
  const seconds = (toMs - fromMs) / 1000;
  const byKey: Record<string, number> = {};
  for (const a of answers) byKey[a.key] = (byKey[a.key] ?? 0) + 1;
  const rejected = byKey["503 bulkhead_full"] ?? 0;
  return {
    sent: answers.length,
    goodput: done / seconds,
    p50: pct(ok, 50),
    p99: pct(ok, 99),
    rejectedShare: answers.length ? rejected / answers.length : 0,
    other: answers.length - ok.length - rejected,
    byKey,
  };
}

/**
 * Seconds after `changeMs` until the limit stays within ±25 % (at least ±1) of where it ends up
 * (the median of the last quarter of the phase); null if it never does. Samples taken during a
 * gradient2 min-RTT probe (a scheduled one-window drop to minLimit, not a search for the limit)
 * are left out; the report counts them separately.
 */
export function settleTime(points: LimitPoint[], changeMs: number, endMs: number): number | null {
  const after = points.filter((p) => p.t >= changeMs && !p.probe);
  const tail = after.filter((p) => p.t >= endMs - (endMs - changeMs) / 4).map((p) => p.limit).sort((a, b) => a - b);
  if (tail.length === 0) return null;
  const final = tail[tail.length >> 1]!;
  const band = Math.max(1, 0.25 * final);
  let settledAt: number | null = null;
  for (const p of after) {
    if (Math.abs(p.limit - final) <= band) settledAt ??= p.t;
    else settledAt = null;
  }
  return settledAt === null ? null : (settledAt - changeMs) / 1000;
}

/** The limit per 2-second step as a markdown table with a bar (min–max of the step's samples). */
export function limitPlot(points: LimitPoint[], endMs: number, stepMs = 2000): string {
  const max = Math.max(1, ...points.map((p) => p.limit));
  const rows = ["| t (s) | limit min–max | |", "|---:|---:|:---|"];
  for (let t = 0; t < endMs; t += stepMs) {
    const xs = points.filter((p) => p.t >= t && p.t < t + stepMs).map((p) => p.limit);
    if (xs.length === 0) continue;
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    rows.push(`| ${t / 1000} | ${lo === hi ? lo : `${lo}–${hi}`} | ${"█".repeat(Math.round((40 * hi) / max))} |`);
  }
  return rows.join("\n");
}
