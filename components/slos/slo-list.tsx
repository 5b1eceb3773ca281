"use client";
import Link from "next/link";
import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { ChipGroup, SearchFilter } from "@/components/ui/filter-bar";
import { EmptyState } from "@/components/ui/empty-state";
import { PrimaryLink } from "@/components/ui/page-links";
import { IconAlert, IconCheck, IconTarget } from "@/components/ui/icons";
import { EmptyRow, SortHeadRow, Table, Td, Tr } from "@/components/ui/table";
import { useTableSort, type SortColumns } from "@/lib/client/use-table-sort";
import { useLiveSlos } from "@/lib/client/slo-alert-hooks";
import type { SloDto } from "@/lib/contracts/slos";
import { BudgetBar } from "./budget-bar";
import { fmtBurn, fmtPercent, sliText, windowLabel } from "./format";

export function SloAlertBadge({ alerts }: { alerts?: { page: boolean; ticket: boolean } }) {
  if (alerts?.page)
    return (
      <Badge tone="rose" data-testid="slo-state" data-state="page">
        <IconAlert width={12} height={12} /> Paging
      </Badge>
    );
  if (alerts?.ticket)
    return (
      <Badge tone="amber" data-testid="slo-state" data-state="ticket">
        <IconAlert width={12} height={12} /> Ticket
      </Badge>
    );
  return (
    <Badge tone="emerald" data-testid="slo-state" data-state="ok">
      <IconCheck width={12} height={12} /> Within budget
    </Badge>
  );
}

const FILTERS = [["all", "All"], ["alerting", "Alerting"], ["ok", "Within budget"]] as const;
type Filter = (typeof FILTERS)[number][0];
const COLUMNS: SortColumns<SloDto> = {
  name: (s) => s.name,
  service: (s) => s.service,
  objective: (s) => s.objective,
  sli: (s) => s.status?.sli,
  budget: (s) => s.status?.errorBudget.remainingRatio,
  burn: (s) => s.status?.burnRates["1h"],
  state: (s) => (s.status?.alerts.page ? 0 : s.status?.alerts.ticket ? 1 : 2),
};

export function SloList({ initial, canOperate }: { initial: SloDto[]; canOperate: boolean }) {
  const slos = useLiveSlos(initial);
  const [q, setQ] = useState("");
  const [filter, setFilter] = useState<Filter>("all");
  const filtered = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return slos.filter((s) => {
      if (needle && !`${s.name} ${s.service}`.toLowerCase().includes(needle)) return false;
      const alerting = Boolean(s.status?.alerts.page || s.status?.alerts.ticket);
      return filter === "all" || (filter === "alerting" ? alerting : !alerting);
    });
  }, [slos, q, filter]);
  const { rows: shown, sort } = useTableSort(filtered, COLUMNS);

  if (initial.length === 0)
    return (
      <EmptyState
        icon={<IconTarget />}
        title="No SLOs yet"
        action={canOperate ? <PrimaryLink href="/slos/new">New SLO</PrimaryLink> : null}
      >
        <p>{canOperate ? "Add one: pick a service, an availability or latency objective and a window." : "Operators add SLOs; ask one to track an objective for your service."}</p>
      </EmptyState>
    );

  return (
    <div className="rounded-lg bg-slate-900 ring-1 ring-slate-800">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-800 px-4 py-3">
        <SearchFilter id="slo-filter" label="Filter SLOs" placeholder="Filter by name or service" value={q} onChange={setQ} />
        <ChipGroup label="Alert state" className="flex gap-1" options={FILTERS} value={filter} onChange={setFilter} />
        <span className="ml-auto text-xs text-slate-400">Least error budget first unless a column is sorted · live</span>
      </div>
      <Table caption="SLOs by remaining error budget">
        <SortHeadRow sort={sort} columns={[["name", "SLO"], ["service", "Service"], ["objective", "Objective"], ["sli", "SLI now"], ["budget", "Error budget left"], ["burn", "Burn (1h scaled)"], ["state", "State"]]} />
        <tbody>
          {shown.length === 0 ? (
            <EmptyRow colSpan={7}>No SLO matches — clear the filter.</EmptyRow>
          ) : (
            shown.map((s) => (
              <Tr key={s.id} data-testid={`slo-row-${s.name}`} data-remaining={s.status?.errorBudget.remainingRatio}>
                <Td>
                  <Link href={`/slos/${encodeURIComponent(s.id)}`} className="font-medium text-sky-300 hover:underline">
                    {s.name}
                  </Link>
                  <div className="text-xs text-slate-400">{sliText(s)}</div>
                </Td>
                <Td>
                  <Link href={`/services/${encodeURIComponent(s.service)}`} className="text-slate-200 hover:underline">
                    {s.service}
                  </Link>
                </Td>
                <Td>
                  {s.objective} % <span className="text-xs text-slate-400">/ {windowLabel(s.windowSeconds)}</span>
                </Td>
                <Td>{s.status ? fmtPercent(s.status.sli, 3) : "—"}</Td>
                <Td>
                  <BudgetBar ratio={s.status?.errorBudget.remainingRatio ?? 1} />
                </Td>
                <Td>{s.status ? fmtBurn(s.status.burnRates["1h"]) : "—"}</Td>
                <Td>
                  <SloAlertBadge alerts={s.status?.alerts} />
                </Td>
              </Tr>
            ))
          )}
        </tbody>
      </Table>
    </div>
  );
}
