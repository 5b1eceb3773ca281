// How an attempt against the upstream counts: for the breaker (failure or not) and for retries
// (retryable or not, Retry-After). One classifier per service; a streamed body adds its own check.
import { isBreakwaterError } from "@/lib/engine/errors";
import type { AttemptOutcome, Classifier, Verdict } from "@/lib/engine/retry/classify";
import { PayloadTooLargeError, type LimitStream } from "./body";
import { parseRetryAfter } from "./retry-after";
import type { UpstreamCall } from "./upstream-call";

const SUCCESS: Verdict = { outcome: "success" };
const SUCCESS_RETRYABLE: Verdict = { outcome: "success", retryable: true };
/** The client's fault (body too large): neither a failure for the breaker nor retried. */
const NEUTRAL: Verdict = { outcome: "success", retryable: false };
const RETRYABLE_FAILURE: Verdict = { outcome: "failure", retryable: true };
const NOT_RETRYABLE_FAILURE: Verdict = { outcome: "failure", retryable: false };

/** `now` dates a Retry-After given as an HTTP date (the service's clock). */
export function upstreamClassifier(failureStatuses: ReadonlySet<number>, retryStatuses: ReadonlySet<number>, now: () => number): Classifier<UpstreamCall> {
  return (o: AttemptOutcome<UpstreamCall>): Verdict => {
    if (o.ok) {
      const status = o.value.statusCode;
      if (!failureStatuses.has(status)) return retryStatuses.has(status) ? SUCCESS_RETRYABLE : SUCCESS;
      const retryAfterMs = parseRetryAfter(o.value.headers["retry-after"], now());
      return { outcome: "failure", retryable: retryStatuses.has(status), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    }
    if (o.error instanceof PayloadTooLargeError) return NEUTRAL;
    // retries only on retryOn statuses and connection errors, so not on timeouts
    if (isBreakwaterError(o.error)) return NOT_RETRYABLE_FAILURE;
    return RETRYABLE_FAILURE; // connection refused/reset: the upstream is unreachable
  };
}

/** A streamed request body that went over the limit makes any error the client's fault. */
export function streamedBodyClassifier(base: Classifier<UpstreamCall>, body: LimitStream): Classifier<UpstreamCall> {
  return (o) => (!o.ok && body.tooLarge ? NEUTRAL : base(o));
}
