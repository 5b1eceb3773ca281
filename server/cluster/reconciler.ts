// Reconciliation: brings this instance and Redis into agreement, breaker by breaker (the decision
// itself is reconcile.ts's). Redis's record is the truth, except for changes made here while Redis
// could not be told (pending): those are written when Redis has nothing newer, and an override made
// here wins over a plain state. Runs after every reconnect and every 2 s (anti-entropy: a missed
// message is caught up); one run at a time.
import type { BreakerSyncRecord } from "@/lib/engine/breaker/circuit-breaker";
import type { ClusterContext } from "./cluster-context";
import type { RecordPublishing } from "./record-publishing";
import type { RecordVersions } from "./record-versions";
import { decideReconcile } from "./reconcile";

export interface ReconcilerDeps extends Pick<ClusterContext, "cmd" | "keys" | "breakers" | "degraded"> {
  versions: RecordVersions;
  records: Pick<RecordPublishing, "publish" | "adopt">;
}

export function createReconciler(deps: ReconcilerDeps): () => Promise<void> {
  const { versions } = deps;

  async function reconcileOnce(): Promise<void> {
    for (const [name, b] of deps.breakers.all()) {
      try {
        const [v, recJson] = await deps.cmd.hmget(deps.keys.record(name), "v", "rec");
        const remoteV = Number(v ?? 0);
        const remote = recJson ? (JSON.parse(recJson) as BreakerSyncRecord) : null;
        const local = b.syncRecord();
        const known = versions.known(name);
        const d = decideReconcile({ local, remote, remoteVersion: remoteV, knownVersion: known, pending: versions.isPending(name) });
        if (d.action === "write_local") {
          versions.set(name, remoteV);
          // only an override is authoritative here: a plain state yields to whatever got there first
          await deps.records.publish(name, local, d.authoritative);
        } else {
          versions.set(name, Math.max(known, remoteV));
          if (d.action === "adopt_remote") deps.records.adopt(name, remote!);
          versions.settled(name);
        }
      } catch (err) {
        deps.degraded.set(true, (err as Error).message);
        return;
      }
    }
  }

  let reconciling: Promise<void> | null = null;
  return () => {
    reconciling ??= reconcileOnce().finally(() => (reconciling = null));
    return reconciling;
  };
}
