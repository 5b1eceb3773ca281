"use client";
import { cn } from "@/components/ui/cn";
import { IconBreaker, IconCheck, IconLock, IconRefresh, IconX } from "@/components/ui/icons";
import { formatDuration, useOverrideNote, useServerNow } from "@/components/ui/override-note";
import { useTimeFormat } from "@/components/ui/relative-time";
import type { BreakerDto, BreakerStateName } from "@/lib/contracts/breakers";

export const STATE_LABEL: Record<BreakerStateName, string> = {
  closed: "Closed",
  open: "Open",
  half_open: "Half-open",
  forced_open: "Forced open",
  forced_closed: "Forced closed",
};

const STATE_STYLE: Record<BreakerStateName, string> = {
  closed: "bg-emerald-500/10 text-emerald-300 ring-emerald-500/30",
  half_open: "bg-amber-500/10 text-amber-300 ring-amber-500/30",
  open: "bg-rose-500/15 text-rose-300 ring-rose-500/40",
  forced_open: "bg-rose-500/15 text-rose-300 ring-rose-500/40",
  forced_closed: "bg-sky-500/10 text-sky-300 ring-sky-500/30",
};

function StateIcon({ state }: { state: BreakerStateName }) {
  if (state === "closed") return <IconCheck width={14} height={14} />;
  if (state === "half_open") return <IconRefresh width={14} height={14} />;
  if (state === "open") return <IconX width={14} height={14} />;
  if (state === "forced_open" || state === "forced_closed") return <IconLock width={14} height={14} />;
  return <IconBreaker width={14} height={14} />;
}

/** The state as text + colour + icon (never colour alone). */
export function StateBadge({ state, className }: { state: BreakerStateName; className?: string }) {
  return (
    <span
      data-testid="state-badge"
      data-state={state}
      className={cn("inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset", STATE_STYLE[state], className)}
    >
      <StateIcon state={state} />
      {STATE_LABEL[state]}
    </span>
  );
}

/** Badge plus its context: "retry in 12 s" when open, "by alice · until 14:05" when forced. */
export function BreakerStateDetail({ breaker, compact = false }: { breaker: BreakerDto; compact?: boolean }) {
  const serverNow = useServerNow();
  const fmt = useTimeFormat();
  const forced = (breaker.state === "forced_open" || breaker.state === "forced_closed") && breaker.override ? breaker.override : undefined;
  const override = useOverrideNote(forced);
  let note = override.note;
  let title = override.title;
  if (breaker.state === "open" && breaker.halfOpenAt) {
    const left = Date.parse(breaker.halfOpenAt) - serverNow;
    note = left > 0 ? `retry in ${formatDuration(left)}` : "retrying…";
    title = `Half-open trial at ${fmt.exact(breaker.halfOpenAt)}`;
  }
  const reason = forced?.reason ?? null;
  return (
    <span className={cn("inline-flex flex-wrap items-center gap-x-2 gap-y-0.5", compact && "text-xs")}>
      <StateBadge state={breaker.state} />
      {note ? (
        <span data-testid="state-note" className="text-xs tabular-nums text-slate-400" title={title} suppressHydrationWarning>
          {note}
        </span>
      ) : null}
      {reason ? (
        <span data-testid="override-reason" className="basis-full text-xs text-slate-300">
          <span className="text-slate-400">Reason:</span> {reason}
        </span>
      ) : null}
    </span>
  );
}

/** A rate in percent, "—" below minimumCalls (-1). */
export function formatRate(v: number | null | undefined): string {
  if (v === null || v === undefined || v < 0) return "—";
  return `${v >= 10 || v === 0 ? Math.round(v) : v.toFixed(1)} %`;
}
