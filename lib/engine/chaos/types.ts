/**
 * Chaos experiments, as the engine sees them: plain data. The API's zod schemas
 * (lib/contracts/experiments.ts) produce exactly these shapes.
 */
export type { RandomSource } from "../retry/backoff";

export const FAULT_TYPES = ["latency", "error", "abort", "bandwidth"] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

/** Delay before the upstream call: `ms`, plus or minus up to `jitterMs` (never below 0). */
export interface LatencyFault {
  type: "latency";
  percent: number;
  ms: number;
  jitterMs?: number;
}
/** Answer with `status` (5xx) without calling the upstream. */
export interface ErrorFault {
  type: "error";
  percent: number;
  status: number;
  body?: string;
}
/** Reset the upstream connection: the guards see a connection error. */
export interface AbortFault {
  type: "abort";
  percent: number;
}
/** Throttle the response body to `bytesPerSecond`. */
export interface BandwidthFault {
  type: "bandwidth";
  percent: number;
  bytesPerSecond: number;
}
export type Fault = LatencyFault | ErrorFault | AbortFault | BandwidthFault;

/** Which requests an experiment may touch. Every given criterion must match. */
export interface ChaosTarget {
  /** Share of the matching requests in scope (0–100); absent = all of them. */
  percent?: number;
  /** The request must carry this header (name case-insensitive) with exactly this value. */
  header?: { name: string; value: string };
  /** The request's user key (as the per-user bulkhead reads it) must be one of these. */
  users?: string[];
}

export interface SloBurnCondition {
  type: "slo_burn";
  /** SLO id. */
  slo: string;
  /** Stop when the SLO's 1 h burn rate is strictly above this. */
  above: number;
}
export interface ErrorRateCondition {
  type: "error_rate";
  /** Stop when the service's client-visible error percentage is strictly above this. */
  above: number;
  windowSeconds: number;
}
export type StopCondition = SloBurnCondition | ErrorRateCondition;

export interface Hypothesis {
  /** The service's breaker opens within this many seconds of the start. */
  breakerOpensWithinSeconds?: number;
  /** At the end, more than `percent` % of this SLO's error budget remains. */
  sloRemainingAbove?: { slo: string; percent: number };
  /** The client-visible error rate over the experiment stays at or below this percentage. */
  maxErrorRate?: number;
}

export interface ExperimentDefinition {
  name: string;
  service: string;
  faults: Fault[];
  target?: ChaosTarget;
  /** 10 s – 1 h. */
  durationSeconds: number;
  stopConditions: StopCondition[];
  hypothesis?: Hypothesis;
}

/** Why an experiment ended before its duration (completed experiments have none). */
export type StopReason =
  | { type: "slo_burn"; slo: string; above: number; value: number }
  | { type: "error_rate"; above: number; windowSeconds: number; value: number }
  /** An operator stopped it (or stopped all). */
  | { type: "manual"; actor: string }
  /** It was running or scheduled when the instance stopped; it does not resume. */
  | { type: "restart" }
  /** It was due to start while another experiment was running on the same service. */
  | { type: "conflict"; experimentId: string };
