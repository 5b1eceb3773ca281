"use client";
// One experiment, live through `experiment:updated`: status and countdown, the figures, the
// service's charts with the experiment's span shaded, and (once it ended) the report.
import Link from "next/link";
import { LocalTime } from "@/components/ui/relative-time";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IconFlask } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/skeleton";
import { isActive, useExperiment } from "@/lib/client/experiment-hooks";
import { useNow } from "@/lib/client/live-hooks";
import type { ExperimentDto } from "@/lib/contracts/experiments";
import { formatDuration } from "@/lib/engine/chaos/summary";
import { timeLeft } from "./experiment-banner";
import { ExperimentCharts } from "./experiment-charts";
import { ExperimentFigures, ExperimentReport } from "./experiment-report";
import { Sentence, StatusBadge } from "./format";
import { LoadError } from "./load-error";
import { StopExperimentButton } from "./stop-buttons";

function Timing({ e }: { e: ExperimentDto }) {
  const now = useNow(1000);
  if (e.status === "scheduled")
    return (
      <span data-testid="experiment-timing">
        starts {e.startAt ? <LocalTime iso={e.startAt} /> : "now"} · runs {formatDuration(e.durationSeconds)}
      </span>
    );
  if (e.status === "running")
    return (
      <span data-testid="experiment-timing" className="tabular-nums" role="timer" aria-live="off">
        started <LocalTime iso={e.startedAt ?? e.createdAt} mode="time" /> · {timeLeft(e, now)}
      </span>
    );
  return (
    <span data-testid="experiment-timing">
      {e.startedAt ? (
        <>
          <LocalTime iso={e.startedAt} /> – {e.endedAt ? <LocalTime iso={e.endedAt} mode="time" /> : "…"}
          {e.endedAt ? ` (${formatDuration((Date.parse(e.endedAt) - Date.parse(e.startedAt)) / 1000)} of ${formatDuration(e.durationSeconds)})` : null}
        </>
      ) : (
        "never started"
      )}
    </span>
  );
}

export function ExperimentDetail({ id, canOperate, sloNames }: { id: string; canOperate: boolean; sloNames: Record<string, string> }) {
  const { experiment: e, loading, error, reload, notFound } = useExperiment(id);
  if (notFound)
    return (
      <EmptyState icon={<IconFlask />} title="No such experiment" action={<Link href="/experiments" className="text-sky-300 underline">All experiments</Link>}>
        <p>It may have been created on another Breakwater that does not share this database.</p>
      </EmptyState>
    );
  if (!e && loading) return <Skeleton className="h-64 w-full" label="Loading the experiment" />;
  if (!e) return <LoadError what="the experiment" error={error} onRetry={reload} />;
  const sloName = (slo: string) => sloNames[slo] ?? slo;
  return (
    <div data-testid="experiment-detail" data-status={e.status}>
      <PageHeader
        title={e.name}
        description={
          <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <StatusBadge status={e.status} />
            <span>
              on{" "}
              <Link href={`/services/${encodeURIComponent(e.service)}`} className="text-sky-300 underline underline-offset-2">
                {e.service}
              </Link>{" "}
              · <Timing e={e} /> · by {e.createdBy}
            </span>
          </span>
        }
        actions={canOperate && isActive(e.status) ? <StopExperimentButton experiment={e} size="md" label="Stop experiment" /> : null}
      />
      <div className="space-y-4">
        <p className="rounded-lg bg-slate-900 p-4 text-sm text-slate-200 ring-1 ring-slate-800" data-testid="experiment-summary">
          <Sentence text={e.summary} names={sloNames} />
        </p>
        <ExperimentReport e={e} sloName={sloName} />
        {e.status !== "scheduled" ? <ExperimentFigures e={e} /> : null}
        <ExperimentCharts e={e} />
      </div>
    </div>
  );
}
