// Prometheus metrics with the contract's names. Gauges are read at scrape time; the request-path
// counters add to plain numbers that are summed into prom-client when read (metrics-children.ts);
// the latency histogram uses cached label children (prom-client still hashes labels per observe). One file per
// family group: metrics-process, metrics-resilience (breakers, bulkheads), metrics-gateway,
// metrics-watchers (SLOs, alerts), metrics-chaos.
import client from "prom-client";
import type { BreakerState } from "@/lib/engine/breaker/transitions";
import { chaosMetrics } from "./metrics-chaos";
import { gatewayMetrics } from "./metrics-gateway";
import { processMetrics } from "./metrics-process";
import { resilienceMetrics } from "./metrics-resilience";
import { watcherMetrics } from "./metrics-watchers";

export type { CallKind } from "./metrics-resilience";
export type { RetryKind } from "./metrics-gateway";

export interface MetricsSource {
  breakers(): Iterable<{ name: string; state: BreakerState }>;
  bulkheads(): Iterable<{ service: string; active: number; queued: number; limit: number }>;
  sloBudgets(): Iterable<{ name: string; remainingRatio: number }>;
  alertsFiring(): Record<string, number>;
}

export function createMetrics(source: MetricsSource) {
  const registry = new client.Registry();
  const proc = processMetrics(registry);
  const resilience = resilienceMetrics(registry, source);
  const gateway = gatewayMetrics(registry);
  watcherMetrics(registry, source);
  const chaos = chaosMetrics(registry);

  return {
    registry,
    ...resilience,
    ...gateway,
    ...chaos,
    ...proc,
    async text(): Promise<string> {
      return registry.metrics();
    },
    contentType: registry.contentType,
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
