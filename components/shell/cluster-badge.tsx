"use client";
// Instance / cluster status in the top bar: "Single instance", "Cluster · 2 instances", or
// "Cluster degraded" when Redis is unreachable (text + colour + title, never colour alone).
import { cn } from "@/components/ui/cn";
import { formatUtc } from "@/components/ui/relative-time";
import { useClusterStatus, type ClusterView } from "@/lib/client/cluster-status";

export type { ClusterView };

export function ClusterBadge({ initial }: { initial: ClusterView }) {
  const view = useClusterStatus(initial);
  if (view.mode === "single") {
    return (
      <span data-testid="cluster-badge" data-state="single" title={`Instance ${view.instanceId}`} className="text-xs text-slate-400">
        Single instance
      </span>
    );
  }
  const healthy = view.instances.filter((i) => i.healthy).length;
  const title = [`This instance: ${view.instanceId}`, `Redis: ${view.redis}`, ...view.instances.map((i) => `${i.id}: ${i.healthy ? "healthy" : "not seen recently"} (last seen ${formatUtc(i.lastSeen)})`)].join("\n");
  return (
    <span
      data-testid="cluster-badge"
      data-state={view.degraded ? "degraded" : "ok"}
      title={title}
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset",
        view.degraded ? "bg-amber-500/10 text-amber-300 ring-amber-500/30" : "bg-slate-800 text-slate-300 ring-slate-700",
      )}
    >
      {view.degraded ? "Cluster degraded — serving on local state" : `Cluster · ${healthy} instance${healthy === 1 ? "" : "s"}`}
    </span>
  );
}
