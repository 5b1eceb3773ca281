"use client";
// The overview's list of Breakwater instances (cluster mode) with whether each is healthy.
import { formatUtc } from "@/components/ui/relative-time";
import { useClusterStatus, type ClusterView } from "@/lib/client/cluster-status";

export function InstancesList({ initial }: { initial: ClusterView }) {
  const view = useClusterStatus(initial);
  if (view.mode === "single") {
    return (
      <p className="px-4 py-3 text-sm text-slate-400" data-testid="instances">
        One instance (<span className="font-mono">{view.instanceId}</span>) on its own database. Set <code>REDIS_URL</code> and a PostgreSQL
        <code> DATABASE_URL</code> to run several as one cluster.
      </p>
    );
  }
  return (
    <div data-testid="instances" className="px-4 py-3">
      {view.degraded && (
        <p role="status" className="mb-2 rounded bg-amber-500/10 px-3 py-2 text-sm text-amber-200 ring-1 ring-amber-500/30">
          Cluster degraded: Redis is unreachable ({view.redis}). Every instance serves on its own state and reconciles when Redis is back.
        </p>
      )}
      <ul className="divide-y divide-slate-800 text-sm">
        {view.instances.map((i) => (
          <li key={i.id} data-testid={`instance-${i.id}`} data-healthy={i.healthy} className="flex items-center justify-between py-1.5">
            <span className="font-mono text-slate-200">
              {i.id}
              {i.self && <span className="ml-2 text-xs text-slate-400">(this one)</span>}
            </span>
            <span className={i.healthy ? "text-emerald-300" : "text-rose-300"} title={`last seen ${formatUtc(i.lastSeen)}`}>
              {i.healthy ? "● Healthy" : "▲ Not seen recently"}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
