// Chaos experiment metrics: injected faults and which services an experiment runs on.
import client from "prom-client";
import { twoLabelCounter } from "./metrics-children";

export function chaosMetrics(registry: client.Registry) {
  const injectedChild = twoLabelCounter(
    registry,
    "breakwater_chaos_injected_total",
    "Faults injected by chaos experiments, by service and fault type",
    ["service", "fault"],
  );
  const running = new client.Gauge({
    name: "breakwater_chaos_experiment_running",
    help: "1 while a chaos experiment runs on the service (on this instance), else 0",
    labelNames: ["service"],
    registers: [registry],
  });

  return {
    chaosInjected(service: string, fault: string): void {
      injectedChild(service, fault).inc();
    },
    chaosRunning(service: string, isRunning: boolean): void {
      running.set({ service }, isRunning ? 1 : 0);
    },
  };
}
