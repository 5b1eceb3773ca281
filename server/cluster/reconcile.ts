// The cluster's decisions about one breaker's shared record, as pure functions (no Redis, no
// clock): what reconciliation does with the local and remote records, and who wins when a
// compare-and-set finds that another instance changed the record first. Overrides win.
import type { BreakerSyncRecord } from "@/lib/engine/breaker/types";

const FORCED = new Set(["forced_open", "forced_closed"]);
export const isForced = (rec: Pick<BreakerSyncRecord, "state">) => FORCED.has(rec.state);

export interface ReconcileInput {
  /** This instance's record. */
  local: BreakerSyncRecord;
  /** Redis's record (null: none yet) and its version. */
  remote: BreakerSyncRecord | null;
  remoteVersion: number;
  /** The highest version this instance has seen. */
  knownVersion: number;
  /** Changed here while Redis could not be told. */
  pending: boolean;
}

export type ReconcileDecision =
  /** Write the local record; `authoritative`: an override, which goes through over a plain state. */
  | { action: "write_local"; authoritative: boolean }
  /** Take Redis's record. */
  | { action: "adopt_remote" }
  /** Already in agreement (the local change, if any, is settled). */
  | { action: "nothing" };

/**
 * Redis's record is the truth, except for a change made here while Redis could not be told: it is
 * written when Redis has nothing newer, and an override made here wins over a plain state there.
 */
export function decideReconcile(i: ReconcileInput): ReconcileDecision {
  const localForced = isForced(i.local);
  if (!i.remote) return { action: "write_local", authoritative: localForced };
  const remoteForced = isForced(i.remote);
  if (i.pending && !remoteForced && (localForced || i.knownVersion >= i.remoteVersion)) return { action: "write_local", authoritative: localForced };
  return i.remote.state !== i.local.state ? { action: "adopt_remote" } : { action: "nothing" };
}

/**
 * A record published by another instance arrives while this instance still holds an override made
 * during an outage that Redis has not been told of (pending). True: keep ours (and write it), since
 * that instance did not know of the override; a lift or a reset from there still ends it.
 */
export function keepPendingOverride(local: BreakerSyncRecord, incoming: BreakerSyncRecord, pending: boolean): boolean {
  return pending && isForced(local) && !isForced(incoming) && incoming.reason !== "override_lifted" && incoming.reason !== "reset";
}

/**
 * A write lost its compare-and-set to `remote`. True: retry ours; false: adopt theirs. An
 * authoritative change (an operator's) retries, but never replaces an override with a plain state,
 * except to lift or reset it. A transition of this instance yields to another instance's
 * transition, but not to a record that reconciliation wrote (no reason: a state, not a change) that
 * is no newer than ours and not an override: otherwise a trip made here while another instance was
 * writing its first snapshot of the breaker ("closed") would be lost.
 */
export function keepOursOnConflict(ours: BreakerSyncRecord, remote: BreakerSyncRecord, authoritative: boolean): boolean {
  if (!authoritative) return ours.reason !== undefined && remote.reason === undefined && !isForced(remote) && remote.updatedAt <= ours.updatedAt;
  return !(isForced(remote) && !isForced(ours) && ours.reason !== "override_lifted" && ours.reason !== "reset");
}
