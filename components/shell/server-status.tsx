"use client";
import { RelativeTime } from "@/components/ui/relative-time";
import { useConnection } from "@/lib/client/stores/connection";

/** Facts from the live snapshot: when the server started, and the connection. */
export function ServerStatus() {
  const snapshot = useConnection((s) => s.snapshot);
  const status = useConnection((s) => s.status);
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 px-4 py-3 text-sm">
      <dt className="text-slate-400">Started</dt>
      <dd className="tabular-nums">{snapshot ? <RelativeTime iso={snapshot.startedAt} /> : <span className="text-slate-500">waiting for the live connection…</span>}</dd>
      <dt className="text-slate-400">Live updates</dt>
      <dd>{status === "live" ? "connected" : status === "connecting" ? "connecting…" : status === "reconnecting" ? "reconnecting…" : "offline"}</dd>
    </dl>
  );
}
