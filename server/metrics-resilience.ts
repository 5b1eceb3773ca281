// Breaker and bulkhead metrics: state and occupancy gauges read at scrape time, call and refusal
// counters fed on the request path.
import client from "prom-client";
import { BREAKER_STATES } from "@/lib/engine/breaker/transitions";
import type { MetricsSource } from "./metrics";
import { twoLabelCounter } from "./metrics-children";

export type CallKind = "successful" | "failed" | "slow" | "not_permitted";

type BulkheadReading = ReturnType<MetricsSource["bulkheads"]> extends Iterable<infer B> ? B : never;

/** A per-service bulkhead gauge read from the source at scrape time. */
function bulkheadGauge(
  registry: client.Registry,
  source: MetricsSource,
  name: string,
  help: string,
  read: (b: BulkheadReading) => number,
): void {
  new client.Gauge({
    name,
    help,
    labelNames: ["service"],
    registers: [registry],
    collect() {
      this.reset();
      for (const b of source.bulkheads()) this.set({ service: b.service }, read(b));
    },
  });
}

export function resilienceMetrics(registry: client.Registry, source: MetricsSource) {
  new client.Gauge({
    name: "breakwater_circuitbreaker_state",
    help: "1 for the breaker's current state, 0 for the others",
    labelNames: ["name", "state"],
    registers: [registry],
    collect() {
      this.reset();
      for (const b of source.breakers())
        for (const s of BREAKER_STATES) this.set({ name: b.name, state: s }, b.state === s ? 1 : 0);
    },
  });
  const callChild = twoLabelCounter(
    registry,
    "breakwater_circuitbreaker_calls_total",
    "Calls seen by each breaker, by kind",
    ["name", "kind"],
  );
  bulkheadGauge(
    registry,
    source,
    "breakwater_bulkhead_active",
    "Calls running inside the service bulkhead",
    (b) => b.active,
  );
  bulkheadGauge(
    registry,
    source,
    "breakwater_bulkhead_queued",
    "Calls waiting for the service bulkhead",
    (b) => b.queued,
  );
  bulkheadGauge(
    registry,
    source,
    "breakwater_bulkhead_limit",
    "Concurrency limit in force of the service bulkhead (the adaptive limit or its pin when adaptive, else maxConcurrent)",
    (b) => b.limit,
  );
  const bulkheadChild = twoLabelCounter(
    registry,
    "breakwater_bulkhead_rejected_total",
    "Calls refused by a bulkhead, by reason (bulkhead_full, bulkhead_timeout, user_bulkhead_full)",
    ["service", "reason"],
  );

  return {
    call(name: string, kind: CallKind): void {
      callChild(name, kind).inc();
    },
    bulkheadRejected(service: string, reason: string): void {
      bulkheadChild(service, reason).inc();
    },
  };
}
