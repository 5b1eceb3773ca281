"use client";
import { cn } from "@/components/ui/cn";
import { IconCheck, IconInfo, IconX } from "@/components/ui/icons";
import { RelativeTime } from "@/components/ui/relative-time";
import type { HealthCheckDto } from "@/lib/contracts/health";

export { fmtInterval, fmtLatency, PROTOCOL_LABEL, protocolText } from "./format";

type Status = HealthCheckDto["status"];

export const HEALTH_LABEL: Record<Status, string> = { healthy: "Healthy", unhealthy: "Unhealthy", unknown: "Unknown" };

const STYLE: Record<Status, string> = {
  healthy: "bg-emerald-500/10 text-emerald-300 ring-emerald-500/30",
  unhealthy: "bg-rose-500/15 text-rose-300 ring-rose-500/40",
  unknown: "bg-slate-800 text-slate-300 ring-slate-700",
};

/** The status as text + colour + icon. */
export function HealthStatusBadge({ status, className }: { status: Status; className?: string }) {
  return (
    <span data-testid="health-status" data-status={status} className={cn("inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset", STYLE[status], className)}>
      {status === "healthy" ? <IconCheck width={14} height={14} /> : status === "unhealthy" ? <IconX width={14} height={14} /> : <IconInfo width={14} height={14} />}
      {HEALTH_LABEL[status]}
    </span>
  );
}

/** Badge plus "since 3 min ago". */
export function HealthStatusDetail({ check }: { check: Pick<HealthCheckDto, "status" | "since"> }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-0.5">
      <HealthStatusBadge status={check.status} />
      {check.since ? (
        <span className="text-xs text-slate-400" data-testid="health-since">
          since <RelativeTime iso={check.since} />
        </span>
      ) : check.status === "unknown" ? (
        <span className="text-xs text-slate-400">waiting for results</span>
      ) : null}
    </span>
  );
}
