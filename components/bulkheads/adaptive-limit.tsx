"use client";
// An adaptive bulkhead's limit in the panel: algorithm, bounds, short/long RTT, the last change and
// why, each cluster instance's own limit, and an operator's pin (who, why, until when) with the
// Pin / Unpin actions for operators. Viewers see the same, without the actions.
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { IconLock } from "@/components/ui/icons";
import { useOverrideNote } from "@/components/ui/override-note";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AdaptiveDto, InstanceLimitDto } from "@/lib/contracts/adaptive";
import type { BulkheadDto } from "@/lib/contracts/breakers";
import { Stat } from "./bulkhead-stat";
import { PinDialog, unpinLimit } from "./pin-dialog";

type AdaptiveBulkhead = BulkheadDto & { adaptive: AdaptiveDto };

const REASONS: Record<string, string> = {
  gradient: "latency gradient",
  increase: "increase",
  backoff_latency: "back-off: latency",
  backoff_error: "back-off: errors",
  min_rtt_probe: "min-RTT probe",
  min_rtt_probe_done: "probe done",
  pinned: "pinned",
  unpinned: "unpinned",
};

/** "—" before the first measurement (0), else "8.4 ms" / "120 ms". */
export function formatRtt(ms: number): string {
  if (!ms) return "—";
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

function PinBadge({ pin }: { pin: NonNullable<AdaptiveDto["pinned"]> }) {
  const { note, title } = useOverrideNote({ actor: pin.actor, since: pin.at, expiresAt: pin.until });
  return (
    <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5" data-testid="pin-badge">
      <Badge tone="amber">
        <IconLock width={12} height={12} />
        Pinned at {pin.limit}
      </Badge>
      <span data-testid="pin-note" className="text-xs tabular-nums text-slate-400" title={title} suppressHydrationWarning>
        {note}
      </span>
      <span data-testid="pin-reason" className="basis-full text-xs text-slate-300">
        <span className="text-slate-400">Reason:</span> {pin.reason}
      </span>
    </div>
  );
}

function InstanceLimits({ service, list }: { service: string; list: InstanceLimitDto[] }) {
  return (
    <div>
      <h3 id={`instances-${service}`} className="text-xs text-slate-400">
        Limit per instance (each adapts on its own traffic)
      </h3>
      <ul aria-labelledby={`instances-${service}`} className="mt-1 flex flex-wrap gap-1.5" data-testid={`instance-limits-${service}`}>
        {list.map((i) => (
          <li key={i.instance} data-testid="instance-limit" data-instance={i.instance} data-limit={i.limit} className="rounded bg-slate-800 px-2 py-0.5 text-xs text-slate-200 ring-1 ring-inset ring-slate-700">
            <span className="font-mono">{i.instance}</span>
            {i.self ? <span className="text-slate-400"> (this one)</span> : null}: <span className="font-semibold tabular-nums">{i.limit}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function PinActions({ b }: { b: AdaptiveBulkhead }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  async function unpin() {
    setBusy(true);
    await unpinLimit(b.service);
    setBusy(false);
  }
  return (
    <div data-focus-scope="" className="flex flex-wrap items-center gap-2" data-testid={`pin-actions-${b.service}`}>
      <Button size="sm" onClick={() => setOpen(true)}>
        <IconLock width={14} height={14} />
        {b.adaptive.pinned ? "Change pin" : "Pin limit"}
      </Button>
      {b.adaptive.pinned ? (
        <Button size="sm" variant="primary" onClick={() => void unpin()} disabled={busy}>
          {busy ? "Unpinning…" : "Unpin"}
        </Button>
      ) : null}
      {open ? <PinDialog bulkhead={b} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}

export function AdaptiveLimit({ b, canOperate }: { b: AdaptiveBulkhead; canOperate: boolean }) {
  const a = b.adaptive;
  const reason = a.lastChangeReason ? (REASONS[a.lastChangeReason] ?? a.lastChangeReason) : null;
  return (
    <div className="space-y-3 border-b border-slate-800 px-4 py-3" data-testid={`adaptive-${b.service}`} data-algorithm={a.algorithm} data-pinned={a.pinned ? "true" : "false"}>
      <dl className="flex flex-wrap gap-x-6 gap-y-2">
        <Stat label="Algorithm" value={a.algorithm} testId={`adaptive-algorithm-${b.service}`} />
        <Stat label="Bounds" value={`${a.minLimit}–${a.maxLimit}`} />
        <Stat label="RTT short / long" value={`${formatRtt(a.rttMs.short)} / ${formatRtt(a.rttMs.long)}`} testId={`adaptive-rtt-${b.service}`} />
        <Stat
          label="Last change"
          testId={`adaptive-change-${b.service}`}
          value={
            a.lastChangeAt ? (
              <span className="text-sm font-normal">
                <RelativeTime iso={a.lastChangeAt} />
                {reason ? <span className="text-slate-400"> · {reason}</span> : null}
              </span>
            ) : (
              <span className="text-sm font-normal text-slate-400">not yet</span>
            )
          }
        />
      </dl>
      {b.instances && b.instances.length > 0 ? <InstanceLimits service={b.service} list={b.instances} /> : null}
      {a.pinned || canOperate ? (
        <div className="flex flex-wrap items-start justify-between gap-3">
          {a.pinned ? <PinBadge pin={a.pinned} /> : <p className="text-xs text-slate-400">The algorithm sets the limit; pin it to hold a value for a while.</p>}
          {canOperate ? <PinActions b={b} /> : null}
        </div>
      ) : null}
    </div>
  );
}
