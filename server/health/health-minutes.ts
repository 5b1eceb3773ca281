// Per-minute health aggregates: counts and latency percentiles written to the database once a
// minute closes (all of them at shutdown), and merged with the stored rows of every instance for
// the results page.
import type { HealthMinuteDto } from "@/lib/contracts/health";
import type { HealthRepo, HealthMinuteRow } from "../persistence/repos/health";
import type { CheckState, Minute } from "./check-state";

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : null);

function summary(m: Minute) {
  const sorted = [...m.latencies].sort((a, b) => a - b);
  return { up: m.up, down: m.down, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.length ? sorted[sorted.length - 1]! : null };
}

/** Writes the closed minutes of these checks (with `all`, the current one too). */
export async function flushMinutes(repo: HealthRepo, instanceId: string, checks: Iterable<CheckState>, now: number, all = false): Promise<void> {
  const current = Math.floor(now / 60_000) * 60_000;
  const rows = [];
  const done: [CheckState, number][] = [];
  for (const s of checks) {
    for (const [minute, m] of s.minutes) {
      if (!all && minute >= current) continue;
      rows.push({ checkId: s.row.id, instance: instanceId, minute: new Date(minute), ...summary(m) });
      done.push([s, minute]);
    }
  }
  // counts are added to what the row holds (a restart within the same minute keeps both runs'
  // counts), so a minute leaves memory only once it is written
  await repo.writeMinutes(rows);
  for (const [s, minute] of done) s.minutes.delete(minute);
}

/** The stored minutes (of every instance) and this instance's unwritten ones, one entry per minute. */
export function mergeMinutes(stored: HealthMinuteRow[], live: Map<number, Minute>): HealthMinuteDto[] {
  const byMinute = new Map<number, HealthMinuteDto>();
  const put = (t: number, m: { up: number; down: number; p50: number | null; p95: number | null; max: number | null }) => {
    const prev = byMinute.get(t);
    if (!prev) byMinute.set(t, { t: new Date(t).toISOString(), ...m });
    else {
      // several instances: counts add up, latency figures take the worst
      prev.up += m.up;
      prev.down += m.down;
      prev.p50 = Math.max(prev.p50 ?? 0, m.p50 ?? 0);
      prev.p95 = Math.max(prev.p95 ?? 0, m.p95 ?? 0);
      prev.max = Math.max(prev.max ?? 0, m.max ?? 0);
    }
  };
  for (const r of stored) put(r.minute.getTime(), { up: r.up, down: r.down, p50: r.p50, p95: r.p95, max: r.max });
  for (const [t, m] of live) put(t, summary(m));
  return [...byMinute.values()].sort((a, b) => a.t.localeCompare(b.t));
}
