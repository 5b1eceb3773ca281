"use client";
// Every experiment, newest first, live: status, service, when it started and ended, the verdict.
import Link from "next/link";
import { useMemo, useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { PrimaryLink } from "@/components/ui/page-links";
import { ChipGroup } from "@/components/ui/filter-bar";
import { IconFlask } from "@/components/ui/icons";
import { RelativeTime } from "@/components/ui/relative-time";
import { SkeletonRows } from "@/components/ui/skeleton";
import { EmptyRow, HeadRow, Table, Td, Tr } from "@/components/ui/table";
import { isActive, useExperimentList } from "@/lib/client/experiment-hooks";
import { Sentence, StatusBadge, VerdictBadge } from "./format";
import { LoadError } from "./load-error";

const FILTERS = [["all", "All"], ["active", "Running or scheduled"], ["ended", "Ended"]] as const;
type Filter = (typeof FILTERS)[number][0];

function When({ iso }: { iso: string | null }) {
  return iso ? <RelativeTime iso={iso} /> : <span className="text-slate-400">—</span>;
}

export function ExperimentsList({ canOperate, sloNames }: { canOperate: boolean; sloNames: Record<string, string> }) {
  const { list, loading, error, reload } = useExperimentList();
  const [filter, setFilter] = useState<Filter>("all");
  const shown = useMemo(() => list.filter((e) => filter === "all" || (filter === "active") === isActive(e.status)), [list, filter]);

  if (loading && list.length === 0) return <SkeletonRows rows={4} label="Loading experiments" />;
  if (error && list.length === 0) return <LoadError what="the experiments" error={error} onRetry={reload} testId="experiments-error" />;
  if (list.length === 0)
    return (
      <EmptyState
        icon={<IconFlask />}
        title="No experiments yet"
        action={canOperate ? <PrimaryLink href="/experiments/new">New experiment</PrimaryLink> : null}
      >
        <p>An experiment injects errors, latency, resets or throttling into a share of one service&apos;s traffic for a while, and reports whether the breakers and SLOs answered as you expected.</p>
        {canOperate ? null : <p>Operators run experiments; you can follow them here.</p>}
      </EmptyState>
    );

  return (
    <div className="rounded-lg bg-slate-900 ring-1 ring-slate-800" data-testid="experiments-list">
      <ChipGroup label="Status" className="flex flex-wrap gap-1 border-b border-slate-800 px-4 py-3" options={FILTERS} value={filter} onChange={setFilter} />
      <Table caption="Chaos experiments, newest first">
        <HeadRow labels={["Experiment", "Service", "Status", "Started", "Ended", "Hypothesis"]} />
        <tbody>
          {shown.length === 0 ? (
            <EmptyRow colSpan={6}>No experiment matches — pick another status.</EmptyRow>
          ) : (
            shown.map((e) => (
              <Tr key={e.id} data-testid="experiment-row" data-name={e.name} data-status={e.status}>
                <Td>
                  <Link href={`/experiments/${encodeURIComponent(e.id)}`} className="font-medium text-sky-300 hover:underline">
                    {e.name}
                  </Link>
                  <div className="max-w-md text-xs text-slate-400">
                    <Sentence text={e.summary} names={sloNames} />
                  </div>
                </Td>
                <Td>
                  <Link href={`/services/${encodeURIComponent(e.service)}`} className="text-slate-200 hover:underline">
                    {e.service}
                  </Link>
                </Td>
                <Td>
                  <StatusBadge status={e.status} />
                </Td>
                <Td>{e.startedAt ? <When iso={e.startedAt} /> : e.startAt ? <span className="text-xs text-slate-400">at <RelativeTime iso={e.startAt} /></span> : <When iso={null} />}</Td>
                <Td>
                  <When iso={e.endedAt} />
                </Td>
                <Td>
                  <VerdictBadge e={e} />
                </Td>
              </Tr>
            ))
          )}
        </tbody>
      </Table>
    </div>
  );
}
