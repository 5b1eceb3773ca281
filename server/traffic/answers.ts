// The `answers` column of a 10-second sample: the interval's answers by outcome.
import { ERROR_OUTCOMES, REJECTION_OUTCOMES, TRAFFIC_OUTCOMES, type OutcomeCounts } from "@/lib/contracts/traffic";

/** Parses a stored `answers` value; null when absent or unreadable (rows written before it existed). */
export function parseAnswers(json: string | null | undefined): Partial<OutcomeCounts> | null {
  if (!json) return null;
  try {
    const raw = JSON.parse(json) as Record<string, unknown>;
    const out: Partial<OutcomeCounts> = {};
    for (const o of TRAFFIC_OUTCOMES) {
      const n = raw[o];
      if (typeof n === "number" && Number.isFinite(n) && n > 0) out[o] = n;
    }
    return out;
  } catch {
    return null;
  }
}

/** Answers (the client got one: all but client_closed), errors and refusals of a set of counts. */
export function summarize(c: Partial<OutcomeCounts>): { requests: number; errors: number; rejected: number } {
  let requests = 0;
  for (const o of TRAFFIC_OUTCOMES) if (o !== "client_closed") requests += c[o] ?? 0;
  return {
    requests,
    errors: ERROR_OUTCOMES.reduce((s, o) => s + (c[o] ?? 0), 0),
    rejected: REJECTION_OUTCOMES.reduce((s, o) => s + (c[o] ?? 0), 0),
  };
}
