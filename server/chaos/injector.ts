// What the gateway's hot path gets for a service with a running experiment.
import { FaultSelector, type ChaosRequest, type FaultDecision } from "@/lib/engine/chaos/selection";
import type { ObservationAccumulator } from "@/lib/engine/chaos/observation";
import type { ExperimentDefinition, RandomSource } from "@/lib/engine/chaos/types";
import type { ChaosMetrics } from "./ports";

export interface ChaosInjector {
  readonly experimentId: string;
  readonly service: string;
  /** The faults for this request (counted as seen and injected). Call once per request. */
  decide(req: ChaosRequest): FaultDecision;
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
      if (metrics && decision.inScope) for (const f of decision.injected) metrics.injected(service, f);
      return decision;
    },
    outcome(error) {
      acc.outcome(error);
    },
  };
}
