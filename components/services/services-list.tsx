"use client";
import Link from "next/link";
import { useState } from "react";
import { StateBadge } from "@/components/breakers/state-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { IconServer } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { api } from "@/lib/client/api";
import { useSocketEvent, useTopics } from "@/lib/client/hooks";
import { useLiveBreakers } from "@/lib/client/live-hooks";
import type { BreakerDto } from "@/lib/contracts/breakers";
import type { ServiceDto } from "@/lib/contracts/services";
import { GatewayUrl } from "./gateway-url";
import { useServiceTraffic } from "@/lib/client/traffic-hooks";
import { TrafficCells, TrafficHeaders } from "./traffic-cells";

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

  if (services.length === 0) {
    return (
      <EmptyState
        icon={<IconServer />}
        title="No services yet — add one, or run `npm run demo`"
        action={
          canAdmin ? (
            <Link href="/services/new" className="inline-flex h-9 items-center rounded-md bg-sky-500 px-3.5 text-sm font-medium text-slate-950 hover:bg-sky-400">
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
  const shown = services.filter((s) => !text || s.name.includes(text.trim().toLowerCase()) || s.baseUrl.includes(text.trim()));
  return (
    <div>
      <div className="mb-3" role="search" aria-label="Filter services">
        <label htmlFor="service-filter" className="sr-only">
          Filter by name or URL
        </label>
        <div className="w-64">
          <Input id="service-filter" placeholder="Filter by name or URL…" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
        </div>
      </div>
      <div className="rounded-lg bg-slate-900 ring-1 ring-slate-800">
        <Table caption="Services" data-testid="services-table">
          <thead>
            <tr>
              <Th>Service</Th>
              <Th>Breaker</Th>
              <TrafficHeaders />
              <Th>Gateway URL</Th>
              <Th>Base URL</Th>
              <Th className="text-right">Timeout</Th>
              <Th className="text-right">Bulkhead</Th>
              <Th className="text-right">Retries</Th>
              <Th>Source</Th>
              <Th>Updated</Th>
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
                  <Td>{st ? <StateBadge state={st} /> : <span className="text-slate-500">—</span>}</Td>
                  <TrafficCells name={s.name} t={traffic.byName.get(s.name)} />
                  <Td className="max-w-[16rem] truncate text-xs">
                    <GatewayUrl base={gatewayUrl} service={s.name} />
                  </Td>
                  <Td className="max-w-[16rem] truncate font-mono text-xs text-slate-300" title={s.baseUrl}>
                    {s.baseUrl}
                  </Td>
                  <Td className="text-right">{s.timeoutMs} ms</Td>
                  <Td className="text-right">
                    {s.bulkhead.maxConcurrent} + {s.bulkhead.maxQueue}
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
