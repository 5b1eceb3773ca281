"use client";
import Link from "next/link";
import { useMemo, useState } from "react";
import { cn } from "@/components/ui/cn";
import { FilterChip, SearchFilter } from "@/components/ui/filter-bar";
import { EmptyState } from "@/components/ui/empty-state";
import { IconBreaker } from "@/components/ui/icons";
import { RelativeTime } from "@/components/ui/relative-time";
import { SortHeadRow, Table, Td, Th } from "@/components/ui/table";
import { useTableSort, type SortColumns } from "@/lib/client/use-table-sort";
import { useLiveBreakers } from "@/lib/client/live-hooks";
import type { BreakerDto, BreakerStateName } from "@/lib/contracts/breakers";
import { BreakerActions } from "./breaker-actions";
import { BreakerStateDetail, formatRate, STATE_LABEL } from "./state-badge";

const CHIPS: BreakerStateName[] = ["open", "forced_open", "half_open", "forced_closed", "closed"];
const STATE_RANK: Record<BreakerStateName, number> = { forced_open: 0, open: 1, half_open: 2, forced_closed: 3, closed: 4 };
const COLUMNS: SortColumns<BreakerDto> = {
  name: (b) => b.name,
  state: (b) => STATE_RANK[b.state],
  failureRate: (b) => b.metrics.failureRate,
  slowCallRate: (b) => b.metrics.slowCallRate,
  calls: (b) => b.metrics.calls,
  rejected: (b) => b.metrics.rejected,
  updated: (b) => b.updatedAt,
};

export function BreakersTable({ initial, canOperate }: { initial: BreakerDto[]; canOperate: boolean }) {
  const breakers = useLiveBreakers(initial);
  const [states, setStates] = useState<Set<BreakerStateName>>(new Set());
  const [text, setText] = useState("");
  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const b of breakers) c[b.state] = (c[b.state] ?? 0) + 1;
    return c;
  }, [breakers]);
  const filtered = breakers.filter((b) => (states.size === 0 || states.has(b.state)) && (!text || b.name.includes(text.trim().toLowerCase()) || b.service.includes(text.trim().toLowerCase())));

  const { rows: shown, sort } = useTableSort(filtered, COLUMNS);

  function toggle(s: BreakerStateName) {
    setStates((cur) => {
      const n = new Set(cur);
      if (n.has(s)) n.delete(s);
      else n.add(s);
      return n;
    });
  }

  if (breakers.length === 0) {
    return (
      <EmptyState icon={<IconBreaker />} title="No breakers yet">
        <p>
          Every service gets a breaker named after it. No services yet — add one on the{" "}
          <Link href="/services" className="text-sky-400 underline underline-offset-2">
            Services
          </Link>{" "}
          page, or run <code className="rounded bg-slate-800 px-1 text-slate-200">npm run demo</code>.
        </p>
      </EmptyState>
    );
  }

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-3" role="search" aria-label="Filter breakers">
        <SearchFilter id="breaker-filter" label="Filter by name" placeholder="Filter by name…" value={text} onChange={setText} className="w-56" />
        <div className="flex flex-wrap gap-1.5" role="group" aria-label="State">
          {CHIPS.map((s) => (
            <FilterChip key={s} pressed={states.has(s)} onClick={() => toggle(s)} count={counts[s] ?? 0} testId={`chip-${s}`}>
              {STATE_LABEL[s]}
            </FilterChip>
          ))}
        </div>
      </div>
      <div className="rounded-lg bg-slate-900 ring-1 ring-slate-800">
        <Table caption="Circuit breakers, open and forced first" data-testid="breakers-table">
          <SortHeadRow sort={sort} columns={[["name", "Breaker"], ["state", "State"], ["failureRate", "Failure rate", "text-right"], ["slowCallRate", "Slow calls", "text-right"], ["calls", "Calls", "text-right"], ["rejected", "Rejected", "text-right"], ["updated", "Last change"]]}>
            {canOperate ? <Th className="sr-only">Actions</Th> : null}
          </SortHeadRow>
          <tbody>
            {shown.map((b) => (
              <tr key={b.name} data-testid={`breaker-row-${b.name}`} data-state={b.state} className="hover:bg-slate-800/30">
                <Td className="font-medium">
                  <Link href={`/breakers/${encodeURIComponent(b.name)}`} className="text-slate-100 hover:text-sky-300 hover:underline">
                    {b.name}
                  </Link>
                </Td>
                <Td>
                  <BreakerStateDetail breaker={b} compact />
                </Td>
                <Td className={cn("text-right", b.metrics.failureRate >= 50 && "text-rose-300")}>{formatRate(b.metrics.failureRate)}</Td>
                <Td className="text-right">{formatRate(b.metrics.slowCallRate)}</Td>
                <Td className="text-right">{b.metrics.calls}</Td>
                <Td className="text-right">{b.metrics.rejected}</Td>
                <Td className="whitespace-nowrap text-slate-400">
                  <RelativeTime iso={b.updatedAt} />
                </Td>
                {canOperate ? (
                  <Td className="text-right">
                    <BreakerActions breaker={b} size="sm" nowrap />
                  </Td>
                ) : null}
              </tr>
            ))}
            {shown.length === 0 ? (
              <tr>
                <Td colSpan={canOperate ? 8 : 7} className="py-8 text-center text-slate-400">
                  No breakers match these filters.
                </Td>
              </tr>
            ) : null}
          </tbody>
        </Table>
      </div>
    </div>
  );
}
