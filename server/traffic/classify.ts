// How the gateway answered one request, from the status it sent and the pipeline's outcome.
import { TRAFFIC_OUTCOMES, type TrafficOutcome } from "@/lib/contracts/traffic";

export const OUTCOME_INDEX = Object.fromEntries(TRAFFIC_OUTCOMES.map((o, i) => [o, i])) as Record<TrafficOutcome, number>;

/** The parts of a pipeline outcome the classification reads. */
export interface AnswerOutcome {
  kind: string;
  attempts: number;
  verdict?: { outcome: string };
  error?: unknown;
}

function codeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.code === "retry_budget_exhausted" ? e.cause?.code : e?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * - status 0: the client went away (`client_closed`);
 * - an upstream response: `success`, or `upstream_error` when it was a failure status;
 * - 400/404/413 without one: `bad_request` (unsafe path, unknown service, body too large);
 * - 504 `timeout`, 429 `user_limit`, 503 `circuit_open` or `bulkhead_full` (full or queue timeout);
 * - anything else (502): `unreachable`.
 */
export function classifyAnswer(status: number, outcome: AnswerOutcome | undefined): TrafficOutcome {
  if (status === 0) return "client_closed";
  if (outcome?.kind === "value") return outcome.verdict?.outcome === "failure" ? "upstream_error" : "success";
  if (status === 400 || status === 404 || status === 413) return "bad_request";
  if (status === 504) return "timeout";
  if (status === 429) return "user_limit";
  if (status === 503) {
    const code = outcome ? codeOf(outcome.error) : "circuit_open";
    return code === "bulkhead_full" || code === "bulkhead_timeout" ? "bulkhead_full" : "circuit_open";
  }
  return "unreachable";
}
