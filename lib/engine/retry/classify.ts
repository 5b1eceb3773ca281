import { isBreakwaterError } from "../errors";

/** What one attempt produced, as given to a classifier. */
export type AttemptOutcome<T> =
  | { ok: true; value: T; attempt: number; durationMs: number }
  | { ok: false; error: unknown; attempt: number; durationMs: number };

/** A classifier's verdict on one attempt. */
export interface Verdict {
  outcome: "success" | "failure";
  /** May this failure be retried? Default true for failures. */
  retryable?: boolean;
  /** Delay the upstream asked for (Retry-After), used instead of the backoff (≤ maxDelayMs). */
  retryAfterMs?: number;
  /** Overrides the duration-based slow detection for the breaker. */
  slow?: boolean;
}

export type Classifier<T> = (outcome: AttemptOutcome<T>) => Verdict | Verdict["outcome"];

/**
 * Default: a value is a success; an error is a retryable failure, except engine refusals
 * (circuit_open, bulkhead_*, cancelled…) which are not retried. Timeouts are retryable failures.
 */
export function defaultClassify<T>(outcome: AttemptOutcome<T>): Verdict {
  if (outcome.ok) return SUCCESS;
  if (isBreakwaterError(outcome.error) && outcome.error.code !== "timeout") return NOT_RETRYABLE;
  return FAILURE;
}

const SUCCESS: Verdict = Object.freeze({ outcome: "success" });
const FAILURE: Verdict = Object.freeze({ outcome: "failure", retryable: true });
const NOT_RETRYABLE: Verdict = Object.freeze({ outcome: "failure", retryable: false });

export function toVerdict(v: Verdict | Verdict["outcome"]): Verdict {
  return typeof v === "string" ? (v === "success" ? SUCCESS : FAILURE) : v;
}
