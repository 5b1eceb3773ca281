// Process metrics: Node's defaults (breakwater_process_*) and the persistence queue's dropped samples.
import client from "prom-client";

export function processMetrics(registry: client.Registry) {
  client.collectDefaultMetrics({ register: registry, prefix: "breakwater_process_" });
  // a counter (it only grows); fed from the write-behind queue's running total
  let droppedSeen = 0;
  const droppedSamples = new client.Counter({
    name: "breakwater_persistence_dropped_samples_total",
    help: "Metric samples dropped by the write-behind queue under pressure",
    registers: [registry],
  });

  return {
    setDroppedSamples(total: number): void {
      if (total > droppedSeen) droppedSamples.inc(total - droppedSeen);
      droppedSeen = Math.max(droppedSeen, total);
    },
  };
}
