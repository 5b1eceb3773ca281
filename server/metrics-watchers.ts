// SLO and alert gauges, read from their owners at scrape time.
import client from "prom-client";
import type { MetricsSource } from "./metrics";

export function watcherMetrics(registry: client.Registry, source: MetricsSource): void {
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
}
