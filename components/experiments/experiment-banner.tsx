"use client";
// On every dashboard page while a chaos experiment runs: what runs where, how long it has left,
// its Stop button and (operators) the big red "Stop all experiments".
import Link from "next/link";
import { IconAlert } from "@/components/ui/icons";
import { useRunningExperiments } from "@/lib/client/experiment-hooks";
import { useNow } from "@/lib/client/live-hooks";
import { plannedEnd } from "@/lib/client/stores/experiments";
import { formatDuration } from "@/lib/engine/chaos/summary";
import { StopAllButton, StopExperimentButton } from "./stop-buttons";

export function timeLeft(e: { startedAt: string | null; durationSeconds: number }, now: number): string {
  const end = plannedEnd(e);
  return end === null ? "" : `${formatDuration(Math.max(0, (end - now) / 1000))} left`;
}

export function ExperimentBanner({ canOperate }: { canOperate: boolean }) {
  const running = useRunningExperiments();
  const now = useNow(1000);
  if (running.length === 0) return null;
  return (
    <div role="alert" aria-label="Chaos experiments running" data-testid="experiment-banner" className="border-b border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-100 sm:px-6">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <ul className="flex min-w-0 flex-1 flex-col gap-1.5">
          {running.map((e) => (
            <li key={e.id} className="flex items-start gap-2" data-testid="banner-experiment" data-id={e.id}>
              <IconAlert className="mt-0.5 shrink-0 text-rose-300" />
              <div className="flex min-w-0 flex-1 flex-wrap items-center gap-x-2 gap-y-1">
                <span>
                  Chaos experiment{" "}
                  <Link href={`/experiments/${encodeURIComponent(e.id)}`} className="font-semibold text-rose-50 underline underline-offset-2">
                    {e.name}
                  </Link>{" "}
                  is injecting faults into <code className="text-rose-50">{e.service}</code>
                </span>
                <span className="tabular-nums text-rose-200">· {timeLeft(e, now)}</span>
                {canOperate ? <StopExperimentButton experiment={e} /> : null}
              </div>
            </li>
          ))}
        </ul>
        {canOperate ? <StopAllButton className="w-full sm:w-auto" /> : null}
      </div>
    </div>
  );
}
