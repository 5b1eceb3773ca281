"use client";
import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { Table, Td, Th } from "@/components/ui/table";
import { useLiveBulkhead } from "@/lib/client/live-hooks";
import type { BulkheadDto, BulkheadSamplePoint } from "@/lib/contracts/breakers";
import { AdaptiveLimit } from "./adaptive-limit";
import { BulkheadCharts } from "./bulkhead-chart";
import { Stat } from "./bulkhead-stat";

export function BulkheadNumbers({ b }: { b: BulkheadDto }) {
  // every refusal: the service bulkhead's and the per-user limits'
  const rejected = b.rejected + (b.perUser?.rejected ?? 0);
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-2" data-testid={`bulkhead-numbers-${b.service}`}>
      <Stat label={b.adaptive ? "Limit (adaptive)" : "Limit"} value={b.limit} testId={`bulkhead-limit-${b.service}`} />
      <Stat label="Active" value={`${b.active} / ${b.limit}`} tone={b.active >= b.limit ? "amber" : undefined} testId={`bulkhead-active-${b.service}`} />
      <Stat label="Queued" value={`${b.queued} / ${b.maxQueue}`} tone={b.maxQueue > 0 && b.queued >= b.maxQueue ? "amber" : undefined} />
      <Stat label="Peak active" value={b.peakActive} />
      <Stat label="Accepted" value={b.accepted} />
      <Stat label="Rejected" value={rejected} tone={rejected > 0 ? "rose" : undefined} testId={`bulkhead-rejected-${b.service}`} />
      {b.perUser && <Stat label="… by per-user limits" value={b.perUser.rejected} tone={b.perUser.rejected > 0 ? "rose" : undefined} testId={`bulkhead-user-rejected-${b.service}`} />}
      <Stat label="Timed out in queue" value={b.timedOut} />
    </dl>
  );
}

export function PerUserTop({ b }: { b: BulkheadDto }) {
  if (!b.perUser) return <p className="px-4 py-3 text-sm text-slate-400">No per-user bulkhead on this service.</p>;
  if (b.perUser.top.length === 0) return <p className="px-4 py-3 text-sm text-slate-400">No per-user activity yet ({b.perUser.keys} keys tracked).</p>;
  return (
    <Table caption="Busiest users" data-testid={`per-user-${b.service}`}>
      <thead>
        <tr>
          <Th>Key</Th>
          <Th className="text-right">Active</Th>
          <Th className="text-right">Queued</Th>
          <Th className="text-right">Rejected</Th>
        </tr>
      </thead>
      <tbody>
        {b.perUser.top.map((u) => (
          <tr key={u.key}>
            <Td className="font-mono text-xs">{u.key}</Td>
            <Td className="text-right">{u.active}</Td>
            <Td className="text-right">{u.queued}</Td>
            <Td className={cn("text-right", u.rejected > 0 && "text-rose-300")}>{u.rejected}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** One bulkhead: numbers, chart, per-user top N — live. */
export function BulkheadPanel({ initial, samples, showTitle = true, canOperate = false }: { initial: BulkheadDto; samples: BulkheadSamplePoint[] | null; showTitle?: boolean; canOperate?: boolean }) {
  const b = useLiveBulkhead(initial) ?? initial;
  const adaptive = b.adaptive;
  return (
    <section className="rounded-lg bg-slate-900 ring-1 ring-slate-800" data-testid={`bulkhead-${b.service}`} aria-labelledby={`bh-${b.service}`}>
      <header className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-800 px-4 py-3">
        <div>
          {showTitle ? (
            <h2 id={`bh-${b.service}`} className="text-sm font-semibold text-slate-100">
              <Link href={`/services/${encodeURIComponent(b.service)}`} className="hover:text-sky-300 hover:underline">
                {b.service}
              </Link>
            </h2>
          ) : (
            <h2 id={`bh-${b.service}`} className="text-sm font-semibold text-slate-100">
              Bulkhead
            </h2>
          )}
          <p className="text-xs text-slate-400">
            {adaptive ? `Adaptive limit (${adaptive.algorithm}, ${adaptive.minLimit}–${adaptive.maxLimit})${adaptive.pinned ? ", pinned" : ""}` : `${b.limit} concurrent`}, queue of {b.maxQueue}
            {b.perUser ? `, per-user limits on ${b.perUser.keys} keys` : ""}
          </p>
        </div>
        <BulkheadNumbers b={b} />
      </header>
      {adaptive ? <AdaptiveLimit b={{ ...b, adaptive }} canOperate={canOperate} /> : null}
      <div className="grid gap-4 p-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <BulkheadCharts bulkhead={b} initial={samples} />
        </div>
        <div>
          <h3 className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-400">Per-user top N</h3>
          <div className="rounded-md ring-1 ring-slate-800">
            <PerUserTop b={b} />
          </div>
        </div>
      </div>
    </section>
  );
}
