// The `answers` column of a 10-second sample: the interval's answers by outcome. Also a service's
// answers per 10-s slot as the cluster shares them (answers and failures only).
import { ERROR_OUTCOMES, REJECTION_OUTCOMES, TRAFFIC_OUTCOMES, type OutcomeCounts } from "@/lib/contracts/traffic";
import { SLOTS, SLOT_MS } from "./service-stats";
import type { TrafficStats } from "./traffic-stats";

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

/** One 10-s slot of a service: [slot number (floor(ms / 10 s)), answers, failures (errors + refusals)]. */
export type SlotAnswers = [slot: number, answered: number, failed: number];

/** The service's slots with answers over the traffic ring (the last 15 min) at `now`, oldest first. */
export function recentSlotAnswers(traffic: Pick<TrafficStats, "slotOutcomes">, service: string, now: number): SlotAnswers[] {
  const out: SlotAnswers[] = [];
  const last = Math.floor(now / SLOT_MS);
  for (let k = last - SLOTS + 1; k <= last; k++) {
    const s = summarize(traffic.slotOutcomes(service, k * SLOT_MS));
    if (s.requests > 0) out.push([k, s.requests, s.errors + s.rejected]);
  }
  return out;
}

/**
 * Answers and failures in the slots covering [fromMs, toMs), summed over several lists (one per
 * instance): the slots `TrafficStats.slotOutcomes(service, fromMs, toMs)` reads.
 */
export function sumSlotAnswers(lists: Iterable<readonly SlotAnswers[]>, fromMs: number, toMs: number): { answered: number; failed: number } {
  const first = Math.floor(fromMs / SLOT_MS);
  let answered = 0;
  let failed = 0;
  for (const list of lists) {
    for (const [k, a, f] of list) {
      if (k < first || k * SLOT_MS >= toMs) continue;
      answered += a;
      failed += f;
    }
  }
  return { answered, failed };
}
