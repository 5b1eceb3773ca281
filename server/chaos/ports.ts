// What the chaos runner needs from the rest of the server, as interfaces (wired in the runtime).
import type { FaultType } from "@/lib/engine/chaos/types";
import type { BreakerState } from "@/lib/engine/breaker/transitions";
import type { ExperimentsRepo } from "../persistence/repos/experiments";

/** Live figures from the SLO service and the gateway's counters. */
export interface ChaosFigures {
  /** The SLO's 1 h burn rate; undefined when the SLO is unknown. */
  sloBurn1h(slo: string): number | undefined;
  /** The service's client-visible error percentage over the last `windowSeconds`, all traffic included. */
  errorRate(service: string, windowSeconds: number): number;
  /** Percent (0–100) of the SLO's error budget remaining; undefined when the SLO is unknown. */
  sloRemaining(slo: string): number | undefined;
}

/** Prometheus: breakwater_chaos_injected_total{service,fault}, breakwater_chaos_experiment_running{service}. */
export interface ChaosMetrics {
  injected(service: string, fault: FaultType): void;
  running(service: string, running: boolean): void;
}

/** A breaker transition, as the runtime's `breaker:state` event carries it (breaker name = service). */
export interface ChaosBreakerTransition {
  name: string;
  from: BreakerState;
  to: BreakerState;
  reason: string;
  at: number;
}

/** The part of the experiments repository the runner uses. */
export type ExperimentStore = Pick<ExperimentsRepo, "create" | "get" | "list" | "update" | "abortLeftovers">;
