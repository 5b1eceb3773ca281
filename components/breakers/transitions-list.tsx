"use client";
import Link from "next/link";
import { useMemo } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import { useLive } from "@/lib/client/stores/live";
import type { BreakerTransitionDto } from "@/lib/contracts/breakers";
import { StateBadge } from "./state-badge";

const REASONS: Record<string, string> = {
  failure_rate: "failure rate over threshold",
  slow_call_rate: "slow-call rate over threshold",
  consecutive_failures: "consecutive failures",
  wait_elapsed: "wait in open elapsed",
  trial_succeeded: "trial calls succeeded",
  trial_failed: "a trial call failed",
  forced: "forced by an operator",
  override_lifted: "override lifted",
  override_expired: "override expired",
};

/** An operator's stated reason for forcing (from the audit trail, or the live override). */
export interface ForceReason {
  at: string;
  actor: string;
  reason: string;
}

/** The reason given with a "forced" transition: same actor, within 10 s. */
function reasonFor(t: BreakerTransitionDto, known: ForceReason[]): string | undefined {
  if (t.reason !== "forced" || !t.actor) return undefined;
  const at = Date.parse(t.at);
  return known.find((r) => r.actor === t.actor && Math.abs(Date.parse(r.at) - at) < 10_000)?.reason;
}

/** Transitions, newest first: the server-rendered ones plus those that arrive live. */
export function TransitionsTimeline({
  initial,
  name,
  limit = 50,
  showName = false,
  testId = "transitions",
  reasons = [],
}: {
  initial: BreakerTransitionDto[];
  name?: string;
  limit?: number;
  showName?: boolean;
  testId?: string;
  reasons?: ForceReason[];
}) {
  const live = useLive((s) => s.transitions);
  const current = useLive((s) => (name ? s.breakers[name]?.override : undefined));
  const known = useMemo(() => (current ? [{ at: current.since, actor: current.actor, reason: current.reason }, ...reasons] : reasons), [current, reasons]);
  const rows = useMemo(() => {
    const newest = initial[0]?.at ?? "";
    const fresh = live.filter((t) => (!name || t.name === name) && t.at > newest);
    return [...fresh, ...initial].slice(0, limit);
  }, [live, initial, name, limit]);
  if (rows.length === 0) return <p className="px-4 py-6 text-center text-sm text-slate-400">No transitions yet — the breaker has stayed closed.</p>;
  return (
    <ol className="divide-y divide-slate-800/70" data-testid={testId}>
      {rows.map((t) => (
        <li key={t.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm" data-testid="transition" data-to={t.to}>
          <RelativeTime iso={t.at} className="w-24 shrink-0 text-xs tabular-nums text-slate-400" />
          {showName ? (
            <Link href={`/breakers/${encodeURIComponent(t.name)}`} className="font-medium text-slate-100 hover:text-sky-300 hover:underline">
              {t.name}
            </Link>
          ) : null}
          <StateBadge state={t.from} className="opacity-70" />
          <span aria-hidden="true" className="text-slate-400">
            →
          </span>
          <span className="sr-only">to</span>
          <StateBadge state={t.to} />
          <span className="min-w-0 flex-1 text-xs text-slate-400">
            {REASONS[t.reason] ?? t.reason}
            {t.actor ? ` · by ${t.actor}` : ""}
            {reasonFor(t, known) ? (
              <span className="text-slate-300" data-testid="transition-reason">
                {" "}
                — &ldquo;{reasonFor(t, known)}&rdquo;
              </span>
            ) : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
