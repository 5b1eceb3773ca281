"use client";
// What an experiment did: the figures (live while it runs), why it ended, and the hypothesis
// clause by clause with what was observed.
import { Stat } from "@/components/bulkheads/bulkhead-stat";
import { Card } from "@/components/ui/card";
import { HeadRow, Table, Td, Tr } from "@/components/ui/table";
import type { ExperimentDto } from "@/lib/contracts/experiments";
import { formatPercent } from "@/lib/engine/chaos/summary";
import { clauseText, observedText, stopReasonText, VerdictBadge } from "./format";

const FAULT_LABEL = { latency: "Delayed", error: "Errors injected", abort: "Connections reset", bandwidth: "Throttled" } as const;

export function ExperimentFigures({ e }: { e: ExperimentDto }) {
  const o = e.observed;
  return (
    <Card title="Figures" description={e.status === "running" ? "Live, updated while it runs" : "Over the whole experiment"}>
      <dl className="flex flex-wrap gap-x-6 gap-y-3 p-4" data-testid="experiment-figures">
        <Stat label="Requests" value={o.requests} testId="figure-requests" />
        <Stat label="In scope" value={o.inScope} testId="figure-in-scope" />
        {e.faults.map((f) => (
          <Stat key={f.type} label={FAULT_LABEL[f.type]} value={o.injected[f.type]} tone={o.injected[f.type] > 0 ? "amber" : undefined} testId={`figure-injected-${f.type}`} />
        ))}
        <Stat label="Error rate" value={formatPercent(o.errorRate)} tone={o.errorRate > 0 ? "rose" : undefined} testId="figure-error-rate" />
        <Stat label="Breaker changes" value={o.breakerTransitions.length + o.droppedTransitions} />
        {o.sloRemaining.start !== null ? (
          <Stat label="SLO budget left" value={`${formatPercent(o.sloRemaining.start)} → ${o.sloRemaining.end === null ? "…" : formatPercent(o.sloRemaining.end)}`} />
        ) : null}
      </dl>
    </Card>
  );
}

export function ExperimentReport({ e, sloName = (id) => id }: { e: ExperimentDto; sloName?: (id: string) => string }) {
  if (e.status === "scheduled" || e.status === "running") return null;
  const h = e.hypothesis;
  const hypothesisSlo = h?.sloRemainingAbove ? sloName(h.sloRemainingAbove.slo) : undefined;
  return (
    <Card title="Report" actions={<VerdictBadge e={e} />} data-testid="experiment-report">
      <div className="space-y-3 p-4 text-sm">
        <p data-testid="experiment-stop-reason" className="text-slate-200">
          {e.stopReason ? stopReasonText(e.stopReason, sloName) : "It ran for its whole duration."}
        </p>
        {!h ? <p className="text-slate-400">No hypothesis was stated.</p> : null}
      </div>
      {h && h.clauses.length > 0 ? (
        <Table caption="Hypothesis clauses">
          <HeadRow labels={["Clause", "Observed", "Verdict"]} />
          <tbody>
            {h.clauses.map((c) => (
              <Tr key={c.clause} data-testid="hypothesis-clause" data-clause={c.clause} data-held={c.held}>
                <Td>{clauseText(c, hypothesisSlo)}</Td>
                <Td>{observedText(c)}</Td>
                <Td className={c.held ? "text-emerald-300" : "text-rose-300"}>{c.held ? "Held" : "Not held"}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      ) : h ? (
        <p className="px-4 pb-4 text-sm text-slate-400">{e.status === "aborted" ? "Aborted experiments are not judged." : "Not judged yet."}</p>
      ) : null}
    </Card>
  );
}
