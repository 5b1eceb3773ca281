// Cluster membership: every second a heartbeat records this instance in Redis and reads the
// others; instances not seen for INSTANCE_TTL_MS count as unhealthy. A successful heartbeat ends
// degraded mode; a changed live count is reported (per-user bulkheads divide their limits by it).
import type { ClusterContext } from "./cluster-context";

export const INSTANCE_TTL_MS = 5000;

export interface InstanceInfo {
  id: string;
  lastSeen: string;
  healthy: boolean;
  self: boolean;
}

export interface MembershipDeps extends Omit<ClusterContext, "breakers"> {
  /** The instances or their health changed while connected. */
  onChanged: () => void;
}

export function createMembership(deps: MembershipDeps) {
  let instances: InstanceInfo[] = [];
  let liveCount = 1;
  const listeners: ((count: number) => void)[] = [];
  const shape = () => JSON.stringify(instances.map((x) => [x.id, x.healthy]));

  async function readInstances(now: number): Promise<InstanceInfo[]> {
    const res = await deps.cmd
      .multi()
      .zadd(deps.keys.instances, now, deps.instanceId)
      .zremrangebyscore(deps.keys.instances, "-inf", now - 60_000)
      .zrange(deps.keys.instances, 0, -1, "WITHSCORES")
      .exec();
    const list = (res?.[2]?.[1] as string[] | undefined) ?? [];
    const next: InstanceInfo[] = [];
    for (let i = 0; i < list.length; i += 2) {
      const seen = Number(list[i + 1]);
      next.push({ id: list[i]!, lastSeen: new Date(seen).toISOString(), healthy: now - seen < INSTANCE_TTL_MS, self: list[i] === deps.instanceId });
    }
    return next.sort((a, b) => a.id.localeCompare(b.id));
  }

  return {
    async heartbeat(): Promise<void> {
      try {
        const next = await readInstances(deps.clock.now());
        const wasDegraded = deps.degraded.isDegraded();
        const before = shape();
        instances = next;
        const count = Math.max(1, instances.filter((x) => x.healthy).length);
        if (count !== liveCount) {
          liveCount = count;
          for (const fn of listeners) fn(count);
        }
        deps.degraded.set(false);
        if (!wasDegraded && before !== shape()) deps.onChanged();
      } catch (err) {
        deps.degraded.set(true, (err as Error).message);
      }
    },
    instances: (): InstanceInfo[] => instances,
    liveCount: (): number => liveCount,
    /** The live instance count changed. */
    onCount(fn: (count: number) => void): void {
      listeners.push(fn);
    },
  };
}
