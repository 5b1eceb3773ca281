// What the gateway's hot path gets for a service with a running experiment.
import { FaultSelector, type ChaosRequest, type FaultDecision } from "@/lib/engine/chaos/selection";
import type { ObservationAccumulator } from "@/lib/engine/chaos/observation";
import type { ExperimentDefinition, FaultType, RandomSource } from "@/lib/engine/chaos/types";
import type { ChaosMetrics } from "./ports";

export interface ChaosInjector {
  readonly experimentId: string;
  readonly service: string;
  /** The faults for this request (counted as seen, and in scope or not). Call once per request. */
  decide(req: ChaosRequest): FaultDecision;
  /** The decided faults were applied (the request reached the upstream call): counted as injected. Once per request. */
  applied(faults: readonly FaultType[]): void;
  /** The request finished; `error` = the client saw a failure (5xx, connection error, refusal). */
  outcome(error: boolean): void;
}

export function createInjector(
  experimentId: string,
  def: ExperimentDefinition,
  acc: ObservationAccumulator,
  random: RandomSource,
  metrics?: ChaosMetrics,
): ChaosInjector {
  const selector = new FaultSelector(def.faults, def.target, random);
  const service = def.service;
  return {
    experimentId,
    service,
    decide(req) {
      const decision = selector.select(req);
      acc.request(decision);
      return decision;
    },
    applied(faults) {
      acc.applied(faults);
      if (metrics) for (const f of faults) metrics.injected(service, f);
    },
    outcome(error) {
      acc.outcome(error);
    },
  };
}
