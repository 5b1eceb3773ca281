import type { Hypothesis, StopCondition } from "./types";

export type HypothesisClause = "breakerOpensWithinSeconds" | "sloRemainingAbove" | "maxErrorRate";

export interface ClauseVerdict {
  clause: HypothesisClause;
  /** The bound the clause states (seconds, percent of budget, or error percent). */
  expected: number;
  /** What was seen; null when nothing was (the breaker never opened, the SLO is unknown). */
  observed: number | null;
  held: boolean;
}

export interface HypothesisVerdict {
  /** True when every clause held. */
  held: boolean;
  clauses: ClauseVerdict[];
}

/** What the experiment saw, as the hypothesis needs it. */
export interface HypothesisObservation {
  /** Seconds from the start to the service breaker's first automatic opening; undefined if it never opened. */
  breakerOpenedAfterSeconds?: number;
  /** Percent of the hypothesis SLO's error budget remaining at the end; undefined if unknown. */
  sloRemainingEnd?: number;
  /** Client-visible error percentage over the experiment. */
  errorRate: number;
}

/** Judges each stated clause against what was observed; no clauses → undefined (nothing to judge). */
export function judgeHypothesis(h: Hypothesis | undefined, seen: HypothesisObservation): HypothesisVerdict | undefined {
  if (!h) return undefined;
  const clauses: ClauseVerdict[] = [];
  if (h.breakerOpensWithinSeconds !== undefined) {
    const observed = seen.breakerOpenedAfterSeconds ?? null;
    clauses.push({ clause: "breakerOpensWithinSeconds", expected: h.breakerOpensWithinSeconds, observed, held: observed !== null && observed <= h.breakerOpensWithinSeconds });
  }
  if (h.sloRemainingAbove !== undefined) {
    const observed = seen.sloRemainingEnd ?? null;
    clauses.push({ clause: "sloRemainingAbove", expected: h.sloRemainingAbove.percent, observed, held: observed !== null && observed > h.sloRemainingAbove.percent });
  }
  if (h.maxErrorRate !== undefined) {
    clauses.push({ clause: "maxErrorRate", expected: h.maxErrorRate, observed: seen.errorRate, held: seen.errorRate <= h.maxErrorRate });
  }
  if (clauses.length === 0) return undefined;
  return { held: clauses.every((c) => c.held), clauses };
}

/**
 * The SLO an experiment reports budget for (`observed.sloRemaining`): the hypothesis's
 * `sloRemainingAbove` SLO, else the first `slo_burn` stop condition's; undefined when neither.
 */
export function experimentSlo(def: { hypothesis?: Hypothesis; stopConditions: readonly StopCondition[] }): string | undefined {
  return def.hypothesis?.sloRemainingAbove?.slo ?? def.stopConditions.find((c) => c.type === "slo_burn")?.slo;
}
