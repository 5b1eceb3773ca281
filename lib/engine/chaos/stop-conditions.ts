import type { StopCondition, StopReason } from "./types";

/** The live figures stop conditions are checked against. */
export interface StopFigures {
  /** The SLO's 1 h burn rate, or undefined when the SLO is unknown (then its condition is never met). */
  sloBurn1h(slo: string): number | undefined;
  /** The service's client-visible error percentage over the last `windowSeconds`, all traffic included. */
  errorRate(windowSeconds: number): number;
}

/** The condition that ended an experiment and the value that met it. */
export interface MetStopCondition {
  condition: StopCondition;
  value: number;
}

/** The first condition (in list order) whose figure is strictly above its threshold, if any. */
export function firstMetStopCondition(conditions: readonly StopCondition[], figures: StopFigures): MetStopCondition | undefined {
  for (const condition of conditions) {
    const value = condition.type === "slo_burn" ? figures.sloBurn1h(condition.slo) : figures.errorRate(condition.windowSeconds);
    if (value !== undefined && Number.isFinite(value) && value > condition.above) return { condition, value };
  }
  return undefined;
}

/** The stop reason recorded for a met condition. */
export function stopReasonFor(met: MetStopCondition): StopReason {
  const c = met.condition;
  return c.type === "slo_burn"
    ? { type: "slo_burn", slo: c.slo, above: c.above, value: met.value }
    : { type: "error_rate", above: c.above, windowSeconds: c.windowSeconds, value: met.value };
}
