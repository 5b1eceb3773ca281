// SLO buckets in the database: trackers loaded from the stored buckets (a restart loses no
// history), closed buckets written behind, the other instances' buckets added in cluster mode, and
// old buckets pruned.
import type { SloTracker } from "@/lib/engine/slo/slo-tracker";
import type { SloDefinition } from "@/lib/engine/slo/options";
import type { SlosRepo, SloRow } from "../persistence/repos/slos";
import type { ServerClock } from "../clock";
import { createRemoteBuckets, REMOTE_LOOKBACK_MS } from "./remote-buckets";
import { newTracker, type SloEntries } from "./slo-entries";

export interface SloBucketsDeps {
  repo: SlosRepo;
  instanceId: string;
  clock: ServerClock;
  /** Cluster mode: other instances' bucket rows are added after every flush. */
  clustered?: boolean;
  entries: SloEntries;
}

type Bucket = ReturnType<SloTracker["drainDirty"]>[number];

export function createSloBuckets(deps: SloBucketsDeps) {
  const remote = createRemoteBuckets(deps.instanceId);
  const now = () => deps.clock.now();
  const toRow = (sloId: string, b: Bucket) => ({ sloId, instance: deps.instanceId, resolution: b.resolution, start: new Date(b.start), good: b.good, total: b.total });

  /** Adds what the other instances counted since the last look: the status is the cluster's. */
  async function absorbRemote(at: number): Promise<void> {
    const increments = remote.absorb(await deps.repo.bucketsOfOthers(new Date(at - REMOTE_LOOKBACK_MS), deps.instanceId), at);
    for (const [id, rows] of increments) deps.entries.get(id)?.tracker.importBuckets(rows);
  }

  return {
    /** A tracker holding the SLO's stored buckets of its window. */
    async loadTracker(row: SloRow, def: SloDefinition): Promise<SloTracker> {
      const tracker = newTracker(deps.clock, def);
      const rows = await deps.repo.buckets(row.id, new Date(now() - def.windowSeconds * 1000 - 120_000));
      remote.reset(row.id, rows, now());
      tracker.importBuckets(rows.map((r) => ({ resolution: r.resolution as "10s" | "1m", start: r.start.getTime(), good: r.good, total: r.total })));
      return tracker;
    },
    /** Writes closed buckets (or, with `all`, also the current partial ones: at shutdown, before an edit). */
    async flush(all = false): Promise<void> {
      const at = now();
      const rows = [];
      for (const e of deps.entries.all()) for (const b of e.tracker.drainDirty(all ? {} : { before: at })) rows.push(toRow(e.row.id, b));
      await deps.repo.addToBuckets(rows);
      if (deps.clustered) await absorbRemote(at);
    },
    /** Writes buckets drained from a tracker that was replaced. */
    async write(sloId: string, buckets: Bucket[]): Promise<void> {
      if (buckets.length) await deps.repo.addToBuckets(buckets.map((b) => toRow(sloId, b)));
    },
    /** The SLO's history starts now (new, or what it measures changed). */
    restart(sloId: string): void {
      remote.reset(sloId, [], now());
    },
    forget(sloId: string): void {
      remote.forget(sloId);
    },
    async prune(): Promise<void> {
      for (const e of deps.entries.all()) await deps.repo.pruneBuckets(e.row.id, new Date(now() - e.def.windowSeconds * 1000 - 3_600_000));
    },
  };
}
export type SloBuckets = ReturnType<typeof createSloBuckets>;
