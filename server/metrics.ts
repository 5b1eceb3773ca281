// Prometheus metrics with the contract's names. Gauges are read at scrape time; counters and the
// histogram use cached label children so the request path does no label hashing.
import client from "prom-client";
import { BREAKER_STATES, type BreakerState } from "@/lib/engine/breaker/transitions";

export interface MetricsSource {
  breakers(): Iterable<{ name: string; state: BreakerState }>;
  bulkheads(): Iterable<{ service: string; active: number; queued: number; limit: number }>;
  sloBudgets(): Iterable<{ name: string; remainingRatio: number }>;
  alertsFiring(): Record<string, number>;
}

export type CallKind = "successful" | "failed" | "slow" | "not_permitted";
export type RetryKind = "successful_without_retry" | "successful_with_retry" | "failed_without_retry" | "failed_with_retry";

export function createMetrics(source: MetricsSource) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "breakwater_process_" });

  new client.Gauge({
    name: "breakwater_circuitbreaker_state",
    help: "1 for the breaker's current state, 0 for the others",
    labelNames: ["name", "state"],
    registers: [registry],
    collect() {
      this.reset();
      for (const b of source.breakers()) for (const s of BREAKER_STATES) this.set({ name: b.name, state: s }, b.state === s ? 1 : 0);
    },
  });
  const calls = new client.Counter({
    name: "breakwater_circuitbreaker_calls_total",
    help: "Calls seen by each breaker, by kind",
    labelNames: ["name", "kind"],
    registers: [registry],
  });
  new client.Gauge({
    name: "breakwater_bulkhead_active",
    help: "Calls running inside the service bulkhead",
    labelNames: ["service"],
    registers: [registry],
    collect() {
      this.reset();
      for (const b of source.bulkheads()) this.set({ service: b.service }, b.active);
    },
  });
  new client.Gauge({
    name: "breakwater_bulkhead_queued",
    help: "Calls waiting for the service bulkhead",
    labelNames: ["service"],
    registers: [registry],
    collect() {
      this.reset();
      for (const b of source.bulkheads()) this.set({ service: b.service }, b.queued);
    },
  });
  new client.Gauge({
    name: "breakwater_bulkhead_limit",
    help: "Concurrency limit in force of the service bulkhead (the adaptive limit or its pin when adaptive, else maxConcurrent)",
    labelNames: ["service"],
    registers: [registry],
    collect() {
      this.reset();
      for (const b of source.bulkheads()) this.set({ service: b.service }, b.limit);
    },
  });
  const bulkheadRejected = new client.Counter({
    name: "breakwater_bulkhead_rejected_total",
    help: "Calls refused by a bulkhead, by reason (bulkhead_full, bulkhead_timeout, user_bulkhead_full)",
    labelNames: ["service", "reason"],
    registers: [registry],
  });
  const retryCalls = new client.Counter({
    name: "breakwater_retry_calls_total",
    help: "Gateway requests by retry outcome",
    labelNames: ["service", "kind"],
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: "breakwater_gateway_request_duration_seconds",
    help: "Gateway request duration until the response headers, by service and status code",
    labelNames: ["service", "code"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new client.Gauge({
    name: "breakwater_slo_error_budget_remaining_ratio",
    help: "Share of the SLO's error budget left over its window (negative when overspent)",
    labelNames: ["slo"],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of source.sloBudgets()) this.set({ slo: s.name }, s.remainingRatio);
    },
  });
  new client.Gauge({
    name: "breakwater_alerts_firing",
    help: "Open alerts that are firing (not acknowledged), by severity",
    labelNames: ["severity"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [severity, n] of Object.entries(source.alertsFiring())) this.set({ severity }, n);
    },
  });
  // a counter (it only grows); fed from the write-behind queue's running total
  let droppedSeen = 0;
  const droppedSamples = new client.Counter({
    name: "breakwater_persistence_dropped_samples_total",
    help: "Metric samples dropped by the write-behind queue under pressure",
    registers: [registry],
  });

  type Child<T> = { inc: (v?: number) => void } & T;
  const cache = new Map<string, Child<object>>();
  const child = <C extends Child<object>>(key: string, make: () => C): C => {
    let c = cache.get(key) as C | undefined;
    if (!c) cache.set(key, (c = make()));
    return c;
  };
  // per service, the labelled child by status code: no key string or label object per request
  const durationChildren = new Map<string, client.Histogram.Internal<"service" | "code">[]>();

  return {
    registry,
    call(name: string, kind: CallKind): void {
      child(`c|${name}|${kind}`, () => calls.labels(name, kind)).inc();
    },
    bulkheadRejected(service: string, reason: string): void {
      child(`b|${service}|${reason}`, () => bulkheadRejected.labels(service, reason)).inc();
    },
    retry(service: string, kind: RetryKind): void {
      child(`r|${service}|${kind}`, () => retryCalls.labels(service, kind)).inc();
    },
    requestDuration(service: string, code: number, seconds: number): void {
      let byCode = durationChildren.get(service);
      if (!byCode) durationChildren.set(service, (byCode = []));
      (byCode[code] ??= duration.labels(service, String(code))).observe(seconds);
    },
    setDroppedSamples(total: number): void {
      if (total > droppedSeen) droppedSamples.inc(total - droppedSeen);
      droppedSeen = Math.max(droppedSeen, total);
    },
    async text(): Promise<string> {
      return registry.metrics();
    },
    contentType: registry.contentType,
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
