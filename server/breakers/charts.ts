// Chart series from the persisted 10 s samples (traffic: every answer, by outcome). Rows from
// several instances for one interval are summed; wider windows fold intervals into coarser points
// (see chartWindow). A span is a preset ending now or a fixed from/to window.
import { chartWindow, type BreakerSamplePoint, type BulkheadSamplePoint, type ChartSpan, type TrafficPoint } from "@/lib/contracts/breakers";
import type { BreakerHistoryRepo } from "../persistence/repos/breaker-history";
import type { OutcomeCounts, TrafficOutcome } from "@/lib/contracts/traffic";
import { parseAnswers, summarize } from "../traffic/answers";

/** The rows inside [from, to), fetched from `from` on. */
async function inWindow<R extends { at: Date }>(span: ChartSpan, now: number, load: (since: Date) => Promise<R[]>): Promise<{ rows: R[]; step: number }> {
  const w = chartWindow(span, now);
  const rows = await load(new Date(w.from));
  return { rows: rows.filter((r) => r.at.getTime() < w.to), step: w.step };
}

const bucketOf = (at: Date, step: number) => Math.floor(at.getTime() / step) * step;
const rate = (failed: number, total: number) => (total > 0 ? Math.round((failed / total) * 10_000) / 100 : null);

export function createCharts(repo: BreakerHistoryRepo, now: () => number) {
  return {
    async breaker(name: string, span: ChartSpan): Promise<BreakerSamplePoint[]> {
      const { rows, step } = await inWindow(span, now(), (since) => repo.breakerSamples(name, since));
      const byT = new Map<number, { successful: number; failed: number; slow: number; rejected: number }>();
      for (const r of rows) {
        const t = bucketOf(r.at, step);
        const p = byT.get(t) ?? { successful: 0, failed: 0, slow: 0, rejected: 0 };
        p.successful += r.successful;
        p.failed += r.failed;
        p.slow += r.slow;
        p.rejected += r.rejected;
        byT.set(t, p);
      }
      return [...byT.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([t, p]) => ({ t: new Date(t).toISOString(), ...p, failureRate: rate(p.failed, p.successful + p.failed) }));
    },
    async bulkhead(service: string, span: ChartSpan): Promise<BulkheadSamplePoint[]> {
      const { rows, step } = await inWindow(span, now(), (since) => repo.bulkheadSamples(service, since));
      const byT = new Map<number, Omit<BulkheadSamplePoint, "t">>();
      for (const r of rows) {
        const t = bucketOf(r.at, step);
        const p = byT.get(t);
        if (!p) byT.set(t, { maxActive: r.maxActive, maxQueued: r.maxQueued, rejected: r.rejected, maxConcurrent: r.maxConcurrent, maxQueue: r.maxQueue });
        else {
          // several instances or intervals: occupancy adds up across instances, peaks across intervals
          p.maxActive = Math.max(p.maxActive, r.maxActive);
          p.maxQueued = Math.max(p.maxQueued, r.maxQueued);
          p.rejected += r.rejected;
          p.maxConcurrent = Math.max(p.maxConcurrent, r.maxConcurrent);
          p.maxQueue = Math.max(p.maxQueue, r.maxQueue);
        }
      }
      return [...byT.entries()].sort((a, b) => a[0] - b[0]).map(([t, p]) => ({ t: new Date(t).toISOString(), ...p }));
    },
    /** Every answer of every service per interval, by outcome (breaker figures for rows older than that). */
    async traffic(span: ChartSpan): Promise<TrafficPoint[]> {
      const { rows, step } = await inWindow(span, now(), (since) => repo.allBreakerSamples(since));
      const byT = new Map<number, Partial<OutcomeCounts>>();
      for (const r of rows) {
        const t = bucketOf(r.at, step);
        const p = byT.get(t) ?? {};
        const answers = parseAnswers(r.answers) ?? { success: r.successful, upstream_error: r.failed, circuit_open: r.rejected };
        for (const [o, n] of Object.entries(answers) as [TrafficOutcome, number][]) p[o] = (p[o] ?? 0) + n;
        byT.set(t, p);
      }
      return [...byT.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([t, outcomes]) => {
          const { requests, errors, rejected } = summarize(outcomes);
          return { t: new Date(t).toISOString(), requests, failed: errors, rejected, errorRate: rate(errors + rejected, requests), outcomes };
        });
    },
  };
}
export type Charts = ReturnType<typeof createCharts>;
