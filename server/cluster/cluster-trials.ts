// Trial leases across the cluster: a half-open trial takes one of the breaker's halfOpenMaxCalls
// leases in Redis (ACQUIRE_TRIAL), held here in TrialLeases and given back when the trial ends or
// the breaker leaves half-open. Without Redis, local permits alone decide.
import { randomUUID } from "node:crypto";
import type { ClusterContext } from "./cluster-context";
import { TrialLeases, trialLeaseMs } from "./trial-leases";

export function createClusterTrials(deps: ClusterContext) {
  const trials = new TrialLeases(deps.clock);
  const giveBack = (name: string, ids: string[]) => void deps.cmd.zrem(deps.keys.trials(name), ...ids).catch(() => undefined);

  return {
    /**
     * A half-open trial needs one of the cluster's halfOpenMaxCalls leases. Returns a release
     * function, or null when every lease is taken. Without Redis, local permits alone decide.
     */
    async acquire(name: string, max: number): Promise<(() => void) | null> {
      if (deps.degraded.isDegraded()) return () => undefined;
      const id = `${deps.instanceId}:${randomUUID()}`;
      const leaseMs = trialLeaseMs(deps.breakers.guard(name)?.options.maxWaitInHalfOpenMs ?? 0);
      try {
        const ok = await deps.cmd.bwTrial(deps.keys.trials(name), max, leaseMs, deps.clock.now(), id);
        if (ok !== 1) return null;
      } catch {
        return () => undefined;
      }
      trials.add(name, id, leaseMs);
      return () => {
        if (trials.remove(name, id)) giveBack(name, [id]);
      };
    },
    /** The breaker left half-open: the trial leases held here for it are void; give them back. */
    voidAll(name: string): void {
      const ids = trials.voidAll(name);
      if (ids.length > 0) giveBack(name, ids);
    },
    /** The breaker is gone (its Redis keys are deleted with it). */
    forget(name: string): void {
      trials.voidAll(name);
    },
  };
}
