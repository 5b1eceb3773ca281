"use client";
import Link from "next/link";
import { useState } from "react";
import { StateBadge } from "@/components/breakers/state-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { IconServer } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { SortTh, Table, Td, Th } from "@/components/ui/table";
import { useTableSort, type SortColumns } from "@/lib/client/use-table-sort";
import { Badge } from "@/components/ui/badge";
import { api } from "@/lib/client/api";
import { useSocketEvent, useTopics } from "@/lib/client/hooks";
import { useLiveBreakers } from "@/lib/client/live-hooks";
import type { BreakerDto } from "@/lib/contracts/breakers";
import type { ServiceDto } from "@/lib/contracts/services";
import { GatewayUrl } from "./gateway-url";
import { useServiceTraffic } from "@/lib/client/traffic-hooks";
import { TrafficCells, TrafficHeaders } from "./traffic-cells";

const COLUMNS: SortColumns<ServiceDto> = {
  name: (s) => s.name,
  baseUrl: (s) => s.baseUrl,
  timeout: (s) => s.timeoutMs,
  bulkhead: (s) => s.bulkhead.maxConcurrent,
  retries: (s) => s.retry.maxAttempts,
  source: (s) => s.source,
  updated: (s) => s.updatedAt,
};

export function ServicesList({
  initial,
  breakers: initialBreakers,
  canAdmin,
  gatewayUrl,
}: {
  initial: ServiceDto[];
  breakers: BreakerDto[];
  canAdmin: boolean;
  /** The gateway's base URL, e.g. http://localhost:8080 */
  gatewayUrl: string;
}) {
  const [services, setServices] = useState(initial);
  const [text, setText] = useState("");
  const breakers = useLiveBreakers(initialBreakers);
  const traffic = useServiceTraffic();
  const refetch = async () => {
    try {
      setServices(await api.get<ServiceDto[]>("/api/v1/services"));
    } catch {
      // keep what we have; the next change or reconnect tries again
    }
  };
  useTopics(["services"], refetch);
  useSocketEvent("service:changed", () => void refetch());
  const stateOf = new Map(breakers.map((b) => [b.name, b.state]));
  const filtered = services.filter((s) => !text || s.name.includes(text.trim().toLowerCase()) || s.baseUrl.includes(text.trim()));
  const { rows: shown, sort } = useTableSort(filtered, COLUMNS);

  if (services.length === 0) {
    return (
      <EmptyState
        icon={<IconServer />}
        title="No services yet — add one, or run `npm run demo`"
        action={
          canAdmin ? (
            <Link href="/services/new" className="inline-flex h-9 items-center rounded-md bg-brand px-3.5 text-sm font-medium text-ink hover:bg-brand-hover">
              Add a service
            </Link>
          ) : null
        }
      >
        <p>
          A service is an upstream HTTP base URL; Breakwater proxies <code className="rounded bg-slate-800 px-1 text-slate-200">{gatewayUrl}/&lt;name&gt;/…</code> to it through a circuit breaker, a bulkhead and retries.
          {canAdmin ? null : " Ask an admin to add one."}
        </p>
      </EmptyState>
    );
  }
  return (
    <div>
      <div className="mb-3" role="search" aria-label="Filter services">
        <label htmlFor="service-filter" className="sr-only">
          Filter by name or URL
        </label>
        <div className="w-full max-w-64">
          <Input id="service-filter" placeholder="Filter by name or URL…" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
        </div>
      </div>
      <div className="rounded-lg bg-slate-900 ring-1 ring-slate-800">
        <Table caption="Services" data-testid="services-table">
          <thead>
            <tr>
              <SortTh sort={sort} column="name">Service</SortTh>
              <Th>Breaker</Th>
              <TrafficHeaders />
              <Th>Gateway URL</Th>
              <SortTh sort={sort} column="baseUrl">Base URL</SortTh>
              <SortTh sort={sort} column="timeout" className="text-right">Timeout</SortTh>
              <SortTh sort={sort} column="bulkhead" className="text-right">Bulkhead</SortTh>
              <SortTh sort={sort} column="retries" className="text-right">Retries</SortTh>
              <SortTh sort={sort} column="source">Source</SortTh>
              <SortTh sort={sort} column="updated">Updated</SortTh>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => {
              const st = stateOf.get(s.name);
              return (
                <tr key={s.name} data-testid={`service-row-${s.name}`} className="hover:bg-slate-800/30">
                  <Td className="font-medium">
                    <Link href={`/services/${encodeURIComponent(s.name)}`} className="text-slate-100 hover:text-sky-300 hover:underline">
                      {s.name}
                    </Link>
                  </Td>
                  <Td>{st ? <StateBadge state={st} /> : <span className="text-slate-400">—</span>}</Td>
                  <TrafficCells name={s.name} t={traffic.byName.get(s.name)} />
                  <Td className="max-w-[16rem] truncate text-xs">
                    <GatewayUrl base={gatewayUrl} service={s.name} />
                  </Td>
                  <Td className="max-w-[16rem] truncate font-mono text-xs text-slate-300" title={s.baseUrl}>
                    {s.baseUrl}
                  </Td>
                  <Td className="text-right">{s.timeoutMs} ms</Td>
                  <Td className="text-right">
                    {s.bulkhead.adaptive ? <span title={`Adaptive limit (${s.bulkhead.adaptive.algorithm})`}>{`${s.bulkhead.adaptive.minLimit}–${s.bulkhead.adaptive.maxLimit}`}</span> : s.bulkhead.maxConcurrent} + {s.bulkhead.maxQueue}
                  </Td>
                  <Td className="text-right">{s.retry.maxAttempts - 1}</Td>
                  <Td>{s.source === "file" ? <Badge tone="amber">file</Badge> : <Badge>api</Badge>}</Td>
                  <Td className="whitespace-nowrap text-slate-400">
                    <RelativeTime iso={s.updatedAt} />
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </div>
    </div>
  );
}
