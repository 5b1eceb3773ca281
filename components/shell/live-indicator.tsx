"use client";
import { cn } from "@/components/ui/cn";
import { IconLive, IconOffline, IconRefresh } from "@/components/ui/icons";
import { indicatorState, useConnection } from "@/lib/client/stores/connection";

/** Text + colour + icon for the real socket state; data-state is live | reconnecting | offline. */
export function LiveIndicator() {
  const status = useConnection((s) => s.status);
  const state = indicatorState(status);
  const label = status === "connecting" ? "Connecting…" : state === "live" ? "Live" : state === "reconnecting" ? "Reconnecting…" : "Offline";
  const title =
    state === "live"
      ? "Connected: pages update as things change"
      : state === "reconnecting"
        ? "Live connection lost or not yet open; retrying"
        : "No live connection; data shown may be stale";
  return (
    <span
      data-testid="live-indicator"
      data-state={state}
      role="status"
      title={title}
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset",
        state === "live" && "bg-emerald-500/10 text-emerald-300 ring-emerald-500/30",
        state === "reconnecting" && "bg-amber-500/10 text-amber-300 ring-amber-500/30",
        state === "offline" && "bg-rose-500/10 text-rose-300 ring-rose-500/30",
      )}
    >
      {state === "live" ? <IconLive /> : state === "reconnecting" ? <IconRefresh className={status === "reconnecting" ? "animate-spin [animation-duration:2s]" : undefined} /> : <IconOffline />}
      <span>{label}</span>
    </span>
  );
}
