// The owner of the gateway's per-service answer figures (fed by ONE call per answer from the
// gateway): counts by outcome since start, 10-second slots for the last 15 minutes, latency
// quantiles. Reads build the API/live view; nothing on the request path allocates.
import type { Clock } from "@/lib/engine/clock";
import {
  ERROR_OUTCOMES,
  REJECTION_OUTCOMES,
  TRAFFIC_OUTCOMES,
  emptyOutcomes,
  type OutcomeCounts,
  type ServiceTraffic,
  type TrafficOutcome,
  type TrafficServices,
  worstFirst,
} from "@/lib/contracts/traffic";
import { HISTOGRAM_SIZE, quantileMs } from "./histogram";
import { OUTCOME_INDEX } from "./classify";
import { OUTCOME_COUNT, SLOTS, SLOT_MS, ServiceStats } from "./service-stats";

/** Rates and quantiles cover the last minute (six slots, the current partial one included). */
export const WINDOW_SLOTS = 6;
const ERR = ERROR_OUTCOMES.map((o) => OUTCOME_INDEX[o]);
const REJ = REJECTION_OUTCOMES.map((o) => OUTCOME_INDEX[o]);
/** Answers that are no answer from the gateway's side (the client went away): not in rates. */
const CLOSED = OUTCOME_INDEX.client_closed;
/** Latency quantiles are the upstream's: refusals answer in no time and would hide a slow upstream. */
const TIMED = new Set(["success", "upstream_error", "timeout", "unreachable"].map((o) => OUTCOME_INDEX[o as TrafficOutcome]));
const ANSWERED = TRAFFIC_OUTCOMES.map((_, i) => i).filter((i) => i !== CLOSED);

const pct = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 100 : null);
const sumOf = (a: ArrayLike<number>, idx: number[], off = 0) => idx.reduce((s, i) => s + (a[off + i] as number), 0);

function toCounts(a: ArrayLike<number>, off = 0): OutcomeCounts {
  const out = emptyOutcomes();
  TRAFFIC_OUTCOMES.forEach((o, i) => (out[o] = a[off + i] as number));
  return out;
}

/** idle without answers; failing at ≥ 20 % errors + breaker/bulkhead refusals; degraded at ≥ 2 %. */
export function healthOf(outcomes: OutcomeCounts): ServiceTraffic["health"] {
  const answered = TRAFFIC_OUTCOMES.reduce((s, o) => s + (o === "client_closed" ? 0 : outcomes[o]), 0);
  if (answered === 0) return "idle";
  const bad = outcomes.upstream_error + outcomes.timeout + outcomes.unreachable + outcomes.circuit_open + outcomes.bulkhead_full;
  const r = bad / answered;
  return r >= 0.2 ? "failing" : r >= 0.02 ? "degraded" : "healthy";
}

/** One service's figures at `now`: the last minute, and `slots` 10-s slots of history. */
function serviceView(name: string, st: ServiceStats, now: number, slots: number): ServiceTraffic {
  const kNow = Math.floor(now / SLOT_MS);
  const windowCounts = new Float64Array(OUTCOME_COUNT);
  const windowHist = new Float64Array(HISTOGRAM_SIZE);
  const out: ServiceTraffic["slots"] = [];
  for (let k = kNow - Math.min(slots, SLOTS) + 1; k <= kNow; k++) {
    const s = st.slotOf(k);
    const co = s * OUTCOME_COUNT;
    const ho = s * HISTOGRAM_SIZE;
    const inWindow = k > kNow - WINDOW_SLOTS;
    if (s >= 0 && inWindow) {
      for (let i = 0; i < OUTCOME_COUNT; i++) windowCounts[i]! += st.counts[co + i] as number;
      for (let i = 0; i < HISTOGRAM_SIZE; i++) windowHist[i]! += st.hist[ho + i] as number;
    }
    const requests = s < 0 ? 0 : sumOf(st.counts, ANSWERED, co);
    out.push({
      t: new Date(k * SLOT_MS).toISOString(),
      requests,
      errors: s < 0 ? 0 : sumOf(st.counts, ERR, co),
      rejected: s < 0 ? 0 : sumOf(st.counts, REJ, co),
      p50: s < 0 ? null : quantileMs(st.hist, 0.5, ho),
      p95: s < 0 ? null : quantileMs(st.hist, 0.95, ho),
      p99: s < 0 ? null : quantileMs(st.hist, 0.99, ho),
    });
  }
  const outcomes = toCounts(windowCounts);
  const requests = TRAFFIC_OUTCOMES.reduce((sum, o) => sum + (o === "client_closed" ? 0 : outcomes[o]), 0);
  // the window: five whole slots and the elapsed part of the current one
  const seconds = ((WINDOW_SLOTS - 1) * SLOT_MS + (now - kNow * SLOT_MS)) / 1000;
  return {
    service: name,
    totals: toCounts(st.totals),
    window: {
      seconds: Math.round(seconds * 10) / 10,
      requests,
      requestsPerSecond: Math.round((requests / seconds) * 100) / 100,
      errorPercent: pct(sumOf(windowCounts, ERR), requests),
      rejectionPercent: pct(sumOf(windowCounts, REJ), requests),
      outcomes,
      latencyMs: { p50: quantileMs(windowHist, 0.5), p95: quantileMs(windowHist, 0.95), p99: quantileMs(windowHist, 0.99) },
    },
    health: healthOf(outcomes),
    slots: out,
  };
}

export function createTrafficStats(clock: Pick<Clock, "now">) {
  const stats = new Map<string, ServiceStats>();
  const unrouted = new Float64Array(OUTCOME_COUNT);

  return {
    /** One answer of the gateway. `known` false: the request named no configured service. */
    record(service: string, known: boolean, outcome: TrafficOutcome, seconds: number): void {
      const i = OUTCOME_INDEX[outcome];
      if (!known) {
        unrouted[i]! += 1;
        return;
      }
      let st = stats.get(service);
      if (!st) stats.set(service, (st = new ServiceStats()));
      st.record(i, seconds * 1000, clock.now(), TIMED.has(i));
    },
    /** A removed service's figures go with it. */
    forget(service: string): void {
      stats.delete(service);
    },
    /** One service's answers since start, by outcome. */
    totals(service: string): OutcomeCounts | undefined {
      const st = stats.get(service);
      return st ? toCounts(st.totals) : undefined;
    },
    /** One service's answers in the 10-second slots of [fromMs, toMs) (one slot by default), non-zero outcomes only. */
    slotOutcomes(service: string, fromMs: number, toMs = fromMs + SLOT_MS): Partial<OutcomeCounts> {
      const st = stats.get(service);
      const out: Partial<OutcomeCounts> = {};
      if (!st) return out;
      // every slot in [fromMs, toMs), at most the ring's length
      const first = Math.max(Math.floor(fromMs / SLOT_MS), Math.ceil(toMs / SLOT_MS) - SLOTS);
      for (let k = first; k * SLOT_MS < toMs; k++) {
        const s = st.slotOf(k);
        if (s < 0) continue;
        TRAFFIC_OUTCOMES.forEach((o, i) => {
          const n = st.counts[s * OUTCOME_COUNT + i] as number;
          if (n > 0) out[o] = (out[o] ?? 0) + n;
        });
      }
      return out;
    },
    /** Every service with figures (plus those named in `also`, idle), worst first. */
    snapshot(also: Iterable<string> = [], slots = SLOTS): TrafficServices {
      const now = clock.now();
      const names = new Set([...stats.keys(), ...also]);
      const services = [...names].map((n) => serviceView(n, stats.get(n) ?? new ServiceStats(), now, slots));
      services.sort(worstFirst);
      return { at: new Date(now).toISOString(), services, unrouted: toCounts(unrouted) };
    },
  };
}
export type TrafficStats = ReturnType<typeof createTrafficStats>;
