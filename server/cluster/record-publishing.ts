// Record publishing: a local transition is written to the breaker's versioned record in Redis by
// compare-and-set (which also announces it); a record announced by another instance is adopted
// (a lower version never wins; an override made here while Redis was away wins over a plain state).
// Breakers change only through the BreakerRegistry.
import type { BreakerStateChangeEvent } from "@/lib/engine/breaker/types";
import type { BreakerSyncRecord } from "@/lib/engine/breaker/circuit-breaker";
import type { Logger } from "../logger";
import type { ClusterContext } from "./cluster-context";
import type { RecordVersions } from "./record-versions";
import { keepOursOnConflict, keepPendingOverride } from "./reconcile";

interface Message {
  name: string;
  v: number;
  origin: string;
  rec: BreakerSyncRecord;
}

export interface RecordPublishingDeps extends Omit<ClusterContext, "clock"> {
  log: Logger;
  versions: RecordVersions;
  /** The breaker left half-open: the trial leases held here for it are void. */
  voidTrials: (name: string) => void;
}

/** Takes another instance's record for a breaker known here (one that does not fit is logged and ignored). */
function adoptRecord(deps: RecordPublishingDeps, name: string, rec: BreakerSyncRecord): void {
  if (!deps.breakers.has(name)) return;
  try {
    deps.breakers.adopt(name, rec);
  } catch (err) {
    deps.log.warn({ err, breaker: name }, "ignored an inconsistent breaker record from the cluster");
  }
  if (deps.breakers.guard(name)?.state !== "half_open") deps.voidTrials(name);
}

export function createRecordPublishing(deps: RecordPublishingDeps) {
  const { versions } = deps;
  const adopt = (name: string, rec: BreakerSyncRecord) => adoptRecord(deps, name, rec);

  /** One compare-and-set attempt: true when settled (written, or theirs adopted), false to try again. */
  async function casOnce(name: string, rec: BreakerSyncRecord, authoritative: boolean): Promise<boolean> {
    const [ok, v, current] = await deps.cmd.bwCas(deps.keys.record(name), versions.known(name), JSON.stringify(rec), deps.keys.channel, name, deps.instanceId);
    if (ok === 1) {
      versions.raise(name, v);
      versions.settled(name);
      // an older change from another instance may have been adopted while this write was in
      // flight: what Redis now holds (ours) is what this instance must show
      const b = deps.breakers.guard(name);
      if (b && b.state !== rec.state) adopt(name, rec);
      return true;
    }
    versions.set(name, v);
    // someone changed it first: an operator's action still goes through, except that it never
    // replaces an override with a plain state (overrides win); otherwise adopt theirs
    if (!current) return false;
    const remote = JSON.parse(current) as BreakerSyncRecord;
    if (keepOursOnConflict(rec, remote, authoritative)) return false;
    adopt(name, remote);
    versions.settled(name);
    return true;
  }

  async function publish(name: string, rec: BreakerSyncRecord, authoritative: boolean): Promise<void> {
    if (deps.degraded.isDegraded()) {
      versions.markPending(name);
      return;
    }
    for (let i = 0; i < 5; i++) {
      try {
        if (await casOnce(name, rec, authoritative)) return;
      } catch (err) {
        versions.markPending(name);
        deps.degraded.set(true, (err as Error).message);
        return;
      }
    }
  }

  return {
    publish,
    adopt,
    /** A record announced on the breakers' channel. */
    onMessage(raw: string): void {
      let m: Message;
      try {
        m = JSON.parse(raw) as Message;
      } catch {
        return;
      }
      if (m.v <= versions.known(m.name)) return; // late or duplicate: a lower version never wins
      versions.set(m.name, m.v);
      if (m.origin === deps.instanceId) return;
      const local = deps.breakers.guard(m.name)?.syncRecord();
      if (local && keepPendingOverride(local, m.rec, versions.isPending(m.name))) return void publish(m.name, local, true);
      adopt(m.name, m.rec);
    },
    /** A local transition: tell the cluster (adopted ones are not echoed). */
    onTransition(e: BreakerStateChangeEvent): void {
      if (e.from === "half_open") deps.voidTrials(e.name);
      if (e.remote) return;
      const b = deps.breakers.guard(e.name);
      if (!b) return;
      const authoritative = e.reason === "forced" || e.reason === "override_lifted" || e.reason === "reset";
      void publish(e.name, b.syncRecord(e.reason, e.actor), authoritative);
    },
  };
}
export type RecordPublishing = ReturnType<typeof createRecordPublishing>;
