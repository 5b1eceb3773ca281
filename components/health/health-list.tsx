"use client";
import Link from "next/link";
import { useMemo, useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { ChipGroup, SearchFilter } from "@/components/ui/filter-bar";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PrimaryLink } from "@/components/ui/page-links";
import { IconHeart } from "@/components/ui/icons";
import { SortHeadRow, Table, Td, Th } from "@/components/ui/table";
import { formatUtc } from "@/components/ui/relative-time";
import { useSortState, type SortColumns } from "@/lib/client/use-table-sort";
import { useLiveHealthChecks } from "@/lib/client/health-hooks";
import type { HealthCheckDto } from "@/lib/contracts/health";
import { DeleteHealthCheck } from "./health-delete";
import { fmtInterval, fmtLatency, HealthStatusDetail, protocolText } from "./health-status";

const FILTERS = [["all", "All"], ["unhealthy", "Unhealthy"], ["unknown", "Unknown"], ["healthy", "Healthy"]] as const;
type Filter = (typeof FILTERS)[number][0];
const ORDER: Record<HealthCheckDto["status"], number> = { unhealthy: 0, unknown: 1, healthy: 2 };
const COLUMNS: SortColumns<HealthCheckDto> = {
  status: (c) => ORDER[c.status],
  check: (c) => protocolText(c),
  target: (c) => c.target,
  every: (c) => c.intervalMs,
  latency: (c) => c.last?.latencyMs,
  error: (c) => c.lastError,
};

export function HealthList({ initial, canAdmin }: { initial: HealthCheckDto[]; canAdmin: boolean }) {
  const checks = useLiveHealthChecks(initial);
  const [q, setQ] = useState("");
  const [filter, setFilter] = useState<Filter>("all");
  const counts = useMemo(() => {
    const c = { all: checks.length, unhealthy: 0, healthy: 0, unknown: 0 };
    for (const x of checks) c[x.status]++;
    return c;
  }, [checks]);
  const { sort, apply } = useSortState(COLUMNS);
  const groups = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const by = new Map<string, HealthCheckDto[]>();
    for (const c of checks) {
      if (needle && !`${c.service} ${c.protocol} ${c.target}`.toLowerCase().includes(needle)) continue;
      if (filter !== "all" && c.status !== filter) continue;
      by.set(c.service, [...(by.get(c.service) ?? []), c]);
    }
    // services with a failing check first
    return [...by.entries()].sort(([a, x], [b, y]) => Math.min(...x.map((c) => ORDER[c.status])) - Math.min(...y.map((c) => ORDER[c.status])) || a.localeCompare(b));
  }, [checks, q, filter]);

  if (checks.length === 0)
    return (
      <EmptyState
        icon={<IconHeart />}
        title="No health checks yet"
        action={canAdmin ? <PrimaryLink href="/health/new">Add a health check</PrimaryLink> : null}
      >
        <p>No health checks yet — add one to learn about a dead upstream before your users do.</p>
        {!canAdmin ? <p>Admins add checks (HTTP, HTTPS, TCP, gRPC, WebSocket or custom) per service.</p> : null}
      </EmptyState>
    );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <SearchFilter id="health-filter" label="Filter health checks" placeholder="Filter by service, protocol or target" value={q} onChange={setQ} />
        <ChipGroup label="Status" className="flex gap-1" options={FILTERS} value={filter} onChange={setFilter} counts={counts} testIdPrefix="health-chip-" />
      </div>
      {groups.length === 0 ? <p className="rounded-lg bg-slate-900 px-4 py-6 text-center text-sm text-slate-400 ring-1 ring-slate-800">No check matches the filter.</p> : null}
      {groups.map(([service, list]) => (
        <section key={service} className="rounded-lg bg-slate-900 ring-1 ring-slate-800" data-testid={`health-group-${service}`} aria-labelledby={`health-group-${service}-title`}>
          <header className="flex items-center justify-between gap-4 border-b border-slate-800 px-4 py-3">
            <h2 id={`health-group-${service}-title`} className="text-sm font-semibold text-slate-100">
              <Link href={`/services/${encodeURIComponent(service)}`} className="hover:text-sky-300 hover:underline">
                {service}
              </Link>
            </h2>
            <span className="text-xs text-slate-400">
              {list.length} check{list.length === 1 ? "" : "s"}
            </span>
          </header>
          <Table caption={`Health checks of ${service}`}>
            <SortHeadRow sort={sort} columns={[["status", "Status"], ["check", "Check"], ["target", "Target"], ["every", "Every", "text-right"], ["latency", "Last latency", "text-right"], ["error", "Last error"]]}>
              {canAdmin ? (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              ) : null}
            </SortHeadRow>
            <tbody>
              {apply(list).map((c) => (
                <tr key={c.id} data-testid={`health-row-${c.id}`} data-status={c.status} className="hover:bg-slate-800/30">
                  <Td>
                    <HealthStatusDetail check={c} />
                  </Td>
                  <Td className="whitespace-nowrap">
                    <Link href={`/health/${encodeURIComponent(c.id)}`} className="font-medium text-sky-300 hover:underline" data-testid="health-link">
                      {protocolText(c)}
                    </Link>
                  </Td>
                  <Td className="max-w-72 truncate font-mono text-xs" title={c.target}>
                    {c.target}
                  </Td>
                  <Td className="text-right text-slate-300">{fmtInterval(c.intervalMs)}</Td>
                  <Td className="text-right" data-testid="health-latency">
                    {c.last ? (
                      <span className={c.last.healthy ? "text-slate-200" : "text-rose-300"} title={`${c.last.detail} · ${formatUtc(c.last.at)}`}>
                        {fmtLatency(c.last.latencyMs)}
                      </span>
                    ) : (
                      "—"
                    )}
                  </Td>
                  <Td className="max-w-80 text-xs" data-testid="health-last-error">
                    {c.lastError ? (
                      <span className={cn("line-clamp-2", c.status === "unhealthy" ? "text-rose-300" : "text-slate-400")} title={c.lastError}>
                        {c.lastError}
                      </span>
                    ) : (
                      <span className="text-slate-400">none</span>
                    )}
                  </Td>
                  {canAdmin ? (
                    <Td className="whitespace-nowrap text-right">
                      <Link href={`/health/${encodeURIComponent(c.id)}/edit`} className={buttonClasses("ghost", "sm")} data-testid="health-edit" aria-label={`Edit the ${c.protocol} check of ${c.service}`}>
                        Edit
                      </Link>
                      <DeleteHealthCheck check={c} />
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      ))}
    </div>
  );
}
