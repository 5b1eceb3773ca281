// Per-service gateway traffic: every answer the gateway gave, by outcome, with latency quantiles
// and 10-second history for sparklines.
import { z } from "zod";
import { nullableNumbers, numbers } from "./fields";

/**
 * What the gateway answered. Errors = the upstream failed the client; rejections = the gateway
 * refused to call the upstream; bad_request = the client's own request was refused (unknown
 * service, unsafe path, body too large); client_closed = the client went away before an answer.
 */
export const TRAFFIC_OUTCOMES = [
  "success",
  "upstream_error",
  "timeout",
  "unreachable",
  "circuit_open",
  "bulkhead_full",
  "user_limit",
  "bad_request",
  "client_closed",
] as const;
export type TrafficOutcome = (typeof TRAFFIC_OUTCOMES)[number];

export const ERROR_OUTCOMES: readonly TrafficOutcome[] = ["upstream_error", "timeout", "unreachable"];
export const REJECTION_OUTCOMES: readonly TrafficOutcome[] = ["circuit_open", "bulkhead_full", "user_limit"];

export const OUTCOME_LABELS: Record<TrafficOutcome, string> = {
  success: "Success",
  upstream_error: "Upstream error",
  timeout: "Timeout",
  unreachable: "Unreachable",
  circuit_open: "Circuit open",
  bulkhead_full: "Bulkhead full",
  user_limit: "User limit",
  bad_request: "Bad request",
  client_closed: "Client closed",
};

export const outcomeCountsSchema = z.object(
  Object.fromEntries(TRAFFIC_OUTCOMES.map((o) => [o, z.number()])) as Record<TrafficOutcome, z.ZodNumber>,
);
export type OutcomeCounts = z.infer<typeof outcomeCountsSchema>;

export const latencySchema = z.object({
  ...nullableNumbers("p50", "p95", "p99"),
});

/** One 10-second interval of a service's sparkline. */
export const trafficSlotSchema = z.object({
  t: z.string().describe("interval start"),
  ...numbers("requests", "errors", "rejected"),
  ...nullableNumbers("p50", "p95", "p99"),
});
export type TrafficSlot = z.infer<typeof trafficSlotSchema>;

export const serviceTrafficSchema = z.object({
  service: z.string(),
  totals: outcomeCountsSchema.describe("every answer since this instance started, by outcome (agrees with /metrics)"),
  window: z.object({
    seconds: z.number().describe("the recent window the rates and quantiles cover"),
    requests: z.number(),
    requestsPerSecond: z.number(),
    errorPercent: z.number().nullable().describe("upstream errors, timeouts and unreachable, in % of answers"),
    rejectionPercent: z.number().nullable().describe("circuit open, bulkhead full and user limit, in % of answers"),
    outcomes: outcomeCountsSchema,
    latencyMs: latencySchema,
  }),
  health: z.enum(["idle", "healthy", "degraded", "failing"]),
  slots: z.array(trafficSlotSchema).describe("10-second intervals, oldest first"),
});
export type ServiceTraffic = z.infer<typeof serviceTrafficSchema>;

export const trafficServicesSchema = z.object({
  at: z.string(),
  services: z.array(serviceTrafficSchema),
  unrouted: outcomeCountsSchema.describe("answers to requests naming no known service"),
});
export type TrafficServices = z.infer<typeof trafficServicesSchema>;

/** Live event payload: the services whose figures changed. */
export interface TrafficStatsEvent {
  services: ServiceTraffic[];
  at: string;
}

export function emptyOutcomes(): OutcomeCounts {
  return Object.fromEntries(TRAFFIC_OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;
}

const RANK = { failing: 0, degraded: 1, healthy: 2, idle: 3 } as const;
const badShare = (s: ServiceTraffic) => (s.window.errorPercent ?? 0) + (s.window.rejectionPercent ?? 0);
/** Worst health first, then the larger share of errors and refusals, then volume, then name. */
export function worstFirst(a: ServiceTraffic, b: ServiceTraffic): number {
  return RANK[a.health] - RANK[b.health] || badShare(b) - badShare(a) || b.window.requests - a.window.requests || a.service.localeCompare(b.service);
}
