import type { BreakerState } from "../breaker/transitions";
import type { FaultDecision } from "./selection";
import type { FaultType } from "./types";

/** Breaker transitions kept per experiment; a flapping breaker keeps the first ones. */
export const MAX_RECORDED_TRANSITIONS = 100;

export interface ObservedTransition {
  from: BreakerState;
  to: BreakerState;
  reason: string;
  at: string;
  /** Seconds since the experiment started. */
  afterSeconds: number;
}

/** What one experiment saw, as stored and shown. Rates are percentages with two decimals. */
export interface Observed {
  /** Requests to the service while the experiment ran, in scope or not. */
  requests: number;
  inScope: number;
  injected: Record<FaultType, number>;
  /** Requests that finished, and how many of them the client saw fail. */
  responses: number;
  errors: number;
  errorRate: number;
  breakerTransitions: ObservedTransition[];
  /** Transitions past MAX_RECORDED_TRANSITIONS, counted but not kept. */
  droppedTransitions: number;
  /** Percent of the experiment SLO's error budget remaining at the start and end (null: unknown). */
  sloRemaining: { start: number | null; end: number | null };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function emptyObserved(): Observed {
  return {
    requests: 0,
    inScope: 0,
    injected: { latency: 0, error: 0, abort: 0, bandwidth: 0 },
    responses: 0,
    errors: 0,
    errorRate: 0,
    breakerTransitions: [],
    droppedTransitions: 0,
    sloRemaining: { start: null, end: null },
  };
}

/**
 * Counts one experiment's traffic. Cheap on the hot path (integer increments); `freeze()` at the
 * end makes later calls no-ops, so requests still in flight do not change a finished report.
 */
export class ObservationAccumulator {
  private frozen = false;

  private readonly o: Observed = emptyObserved();

  constructor(private readonly startedAt: number) {}

  /** A request to the service (in scope or not), counted when its faults are drawn. */
  request(decision: FaultDecision): void {
    if (this.frozen) return;
    this.o.requests++;
    if (decision.inScope) this.o.inScope++;
  }

  /**
   * The drawn faults were applied: the request reached the point of the upstream call (a request
   * a guard refused before that, e.g. an open breaker, gets none).
   */
  applied(faults: readonly FaultType[]): void {
    if (this.frozen) return;
    for (const f of faults) this.o.injected[f]++;
  }

  /** A request finished; `error` = the client saw a failure (5xx, connection error, refusal). */
  outcome(error: boolean): void {
    if (this.frozen) return;
    this.o.responses++;
    if (error) this.o.errors++;
  }

  breakerTransition(t: { from: BreakerState; to: BreakerState; reason: string; at: number }): void {
    if (this.frozen) return;
    if (this.o.breakerTransitions.length >= MAX_RECORDED_TRANSITIONS) {
      this.o.droppedTransitions++;
      return;
    }
    const afterSeconds = round2(Math.max(0, t.at - this.startedAt) / 1000);
    this.o.breakerTransitions.push({ from: t.from, to: t.to, reason: t.reason, at: new Date(t.at).toISOString(), afterSeconds });
  }

  sloRemaining(at: "start" | "end", percent: number | undefined): void {
    if (this.frozen) return;
    this.o.sloRemaining[at] = percent === undefined ? null : round2(percent);
  }

  /** Seconds from the start to the breaker's first automatic opening, if it opened. */
  breakerOpenedAfterSeconds(): number | undefined {
    return this.o.breakerTransitions.find((t) => t.to === "open")?.afterSeconds;
  }

  errorRate(): number {
    return this.o.responses === 0 ? 0 : round2((this.o.errors / this.o.responses) * 100);
  }

  freeze(): void {
    this.frozen = true;
  }

  /** A copy, safe to store or send. */
  snapshot(): Observed {
    const copy = structuredClone(this.o);
    copy.errorRate = this.errorRate();
    return copy;
  }
}
