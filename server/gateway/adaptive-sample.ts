// Feeds an adaptive limiter from the gateway's upstream attempts (docs/GATEWAY.md "Adaptive
// concurrency"). Only services with `bulkhead.adaptive` get here: a static bulkhead pays one
// property check per attempt. Breakwater's own refusals never reach an attempt, so they are never
// samples. RTT = time to the upstream's response headers (what the attempt timeout covers).
import type { AdaptiveLimiter, SampleOutcome } from "@/lib/engine/adaptive/types";
import type { Bulkhead } from "@/lib/engine/bulkhead/bulkhead";
import type { Cancellation } from "@/lib/engine/cancellation";
import { isBreakwaterError } from "@/lib/engine/errors";
import type { UpstreamCall } from "./upstream-call";

/** 2xx/3xx/4xx: success; 429 and 503: the upstream shed it (overload); other 5xx: failure. */
export function statusOutcome(status: number): SampleOutcome {
  if (status === 429 || status === 503) return "dropped";
  return status >= 500 ? "failure" : "success";
}

/**
 * A failed attempt: our timeout is "timeout", a cancelled one (client gone, retry budget) is no
 * sample (undefined), anything else (refused or reset connection) is a "failure".
 */
export function errorOutcome(err: unknown, c: Cancellation): SampleOutcome | undefined {
  const reason = c.aborted ? c.reason : err;
  if (isBreakwaterError(reason, "timeout")) return "timeout";
  if (c.aborted) return undefined;
  return "failure";
}

/** Reports the attempt `call` (dispatched just now, holding a bulkhead slot) to `limiter` when it settles. */
export function sampleAttempt(limiter: AdaptiveLimiter, bulkhead: Bulkhead, call: UpstreamCall, c: Cancellation): void {
  const inflight = bulkhead.active;
  const started = performance.now();
  call.done.then(
    (done) => limiter.onSample(performance.now() - started, statusOutcome(done.statusCode), inflight),
    (err: unknown) => {
      const outcome = errorOutcome(err, c);
      if (outcome !== undefined) limiter.onSample(performance.now() - started, outcome, inflight);
    },
  );
}
