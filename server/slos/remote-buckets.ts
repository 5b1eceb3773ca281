// Cluster mode: an SLO's status is the cluster's. Every instance writes its own bucket rows (the
// increments of closed buckets, every 10 s); each instance reads the other instances' recent rows
// back after its own flush and adds what changed since it last saw them, so every tracker holds the
// sum of all instances without a Redis call per request.
import type { SloBucketRow as StoredBucket } from "../persistence/repos/slos";
import type { SloBucketRow } from "@/lib/engine/slo/snapshot";

/** Rows are final once closed and flushed; a late write older than this is picked up on the next load. */
export const REMOTE_LOOKBACK_MS = 5 * 60_000;

const keyOf = (r: StoredBucket) => `${r.instance}\u0000${r.resolution}\u0000${r.start.getTime()}`;

export function createRemoteBuckets(instanceId: string) {
  /** sloId → row key → [good, total, start ms] as last seen. */
  const seen = new Map<string, Map<string, [number, number, number]>>();

  return {
    /** Starts over for one SLO from the rows its tracker was just loaded from. */
    reset(sloId: string, rows: StoredBucket[], now: number): void {
      const m = new Map<string, [number, number, number]>();
      for (const r of rows) if (r.instance !== instanceId && r.start.getTime() >= now - REMOTE_LOOKBACK_MS) m.set(keyOf(r), [r.good, r.total, r.start.getTime()]);
      seen.set(sloId, m);
    },
    forget(sloId: string): void {
      seen.delete(sloId);
    },
    /**
     * Other instances' rows read since the last call → the increments to add, per SLO. Rows of
     * SLOs not known here are ignored; entries that left the lookback are forgotten.
     */
    absorb(rows: StoredBucket[], now: number): Map<string, SloBucketRow[]> {
      const out = new Map<string, SloBucketRow[]>();
      for (const r of rows) {
        if (r.instance === instanceId) continue;
        const m = seen.get(r.sloId);
        if (!m) continue;
        const k = keyOf(r);
        const prev = m.get(k);
        const good = r.good - (prev?.[0] ?? 0);
        const total = r.total - (prev?.[1] ?? 0);
        m.set(k, [r.good, r.total, r.start.getTime()]);
        if (total <= 0 || good < 0 || good > total) continue;
        let list = out.get(r.sloId);
        if (!list) out.set(r.sloId, (list = []));
        list.push({ resolution: r.resolution as SloBucketRow["resolution"], start: r.start.getTime(), good, total });
      }
      for (const m of seen.values()) for (const [k, v] of m) if (v[2] < now - REMOTE_LOOKBACK_MS) m.delete(k);
      return out;
    },
  };
}
export type RemoteBuckets = ReturnType<typeof createRemoteBuckets>;
