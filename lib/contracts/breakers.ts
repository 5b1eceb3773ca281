import { z } from "zod";
import { numbers, strings } from "./fields";
import { outcomeCountsSchema } from "./traffic";
import { adaptiveDtoSchema, instanceLimitSchema } from "./adaptive";

export const breakerStateSchema = z.enum(["closed", "open", "half_open", "forced_open", "forced_closed"]);
export type BreakerStateName = z.infer<typeof breakerStateSchema>;

/** The one order breakers are listed in everywhere: the most urgent first. */
export const BREAKER_STATE_ORDER: Record<BreakerStateName, number> = { forced_open: 0, open: 1, half_open: 2, forced_closed: 3, closed: 4 };

export function compareBreakers(a: { state: BreakerStateName; name: string }, b: { state: BreakerStateName; name: string }): number {
  return BREAKER_STATE_ORDER[a.state] - BREAKER_STATE_ORDER[b.state] || a.name.localeCompare(b.name);
}

export const breakerOverrideDtoSchema = z.object({
  state: z.enum(["open", "closed"]),
  ...strings("actor", "reason", "since"),
  expiresAt: z.string().optional(),
});

export const breakerDtoSchema = z.object({
  name: z.string(),
  service: z.string(),
  state: breakerStateSchema,
  override: breakerOverrideDtoSchema.optional(),
  metrics: z.object({
    ...numbers("calls", "failures", "slowCalls", "rejected"),
    failureRate: z.number().describe("percent; -1 while fewer than minimumCalls are recorded"),
    slowCallRate: z.number().describe("percent; -1 while fewer than minimumCalls are recorded"),
  }),
  openedAt: z.string().optional(),
  halfOpenAt: z.string().optional(),
  updatedAt: z.string(),
});
export type BreakerDto = z.infer<typeof breakerDtoSchema>;

export const forceRequestSchema = z
  .object({
    state: z.enum(["open", "closed"], { message: "must be open or closed" }),
    reason: z.string().trim().min(3, "must be 3 to 500 characters").max(500, "must be 3 to 500 characters"),
    ttlSeconds: z.number().int("must be a whole number of seconds").min(1, "must be at least 1").max(7 * 86_400, "must be at most 7 days").optional(),
  })
  .strict();
export type ForceRequest = z.infer<typeof forceRequestSchema>;

/** Where a lifted override hands the breaker: half-open (trial calls decide; the default) or closed. */
export const liftQuerySchema = z
  .object({ to: z.enum(["half_open", "closed"], { message: "must be half_open or closed" }).default("half_open") })
  .strict();
export type LiftTarget = z.infer<typeof liftQuerySchema>["to"];

export const breakerTransitionDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  from: breakerStateSchema,
  to: breakerStateSchema,
  reason: z.string(),
  actor: z.string().nullable(),
  at: z.string(),
});
export type BreakerTransitionDto = z.infer<typeof breakerTransitionDtoSchema>;

export const historyQuerySchema = z.object({
  limit: z.coerce.number().int().min(1, "must be 1 to 500").max(500, "must be 1 to 500").default(50),
  before: z.iso.datetime({ message: "must be an ISO 8601 date-time" }).optional(),
});

export const bulkheadDtoSchema = z.object({
  service: z.string(),
  maxConcurrent: z.number().describe("the limit in force (same as limit); the configured static value is in the service"),
  limit: z.number().describe("the concurrency limit in force: the adaptive limit (or its pin) when bulkhead.adaptive is set, else maxConcurrent"),
  adaptive: adaptiveDtoSchema.nullable().describe("null: a static bulkhead"),
  instances: z.array(instanceLimitSchema).optional().describe("cluster mode, adaptive bulkheads: each live instance's own limit"),
  maxQueue: z.number(),
  active: z.number(),
  queued: z.number(),
  peakActive: z.number(),
  accepted: z.number(),
  rejected: z.number().describe("refusals by the service bulkhead (full or queue timeout); per-user ones are in perUser.rejected"),
  timedOut: z.number(),
  perUser: z
    .object({
      keys: z.number(),
      rejected: z.number().describe("refusals by the per-user limits (all keys)"),
      top: z.array(z.object({ key: z.string(), active: z.number(), queued: z.number(), rejected: z.number() })),
    })
    .optional(),
});
export type BulkheadDto = z.infer<typeof bulkheadDtoSchema>;

/** Chart ranges (presets); a custom window is `from`/`to` (ISO 8601) instead. */
export const RANGES = { "15m": 15 * 60_000, "1h": 3_600_000, "6h": 6 * 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 } as const;
export type ChartRange = keyof typeof RANGES;
/** The widest custom window (samples are kept no longer than this anyway). */
export const MAX_WINDOW_MS = 31 * 86_400_000;
/** The narrowest custom window: one 10 s sample interval. */
export const MIN_WINDOW_MS = 10_000;
const isoTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" });
export const rangeQuerySchema = z
  .object({
    range: z.enum(["15m", "1h", "6h", "24h", "7d"], { message: "must be 15m, 1h, 6h, 24h or 7d" }).default("15m"),
    from: isoTime.optional(),
    to: isoTime.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from === undefined && q.to === undefined) return;
    if (q.from === undefined) return void ctx.addIssue({ code: "custom", path: ["from"], message: "is required with to" });
    if (q.to === undefined) return void ctx.addIssue({ code: "custom", path: ["to"], message: "is required with from" });
    const span = Date.parse(q.to) - Date.parse(q.from);
    if (span < MIN_WINDOW_MS) ctx.addIssue({ code: "custom", path: ["to"], message: "must be at least 10 s after from" });
    else if (span > MAX_WINDOW_MS) ctx.addIssue({ code: "custom", path: ["to"], message: "must be at most 31 days after from" });
  });
export type RangeQuery = z.infer<typeof rangeQuerySchema>;
/** What a chart shows: a preset ending now, or a fixed window. */
export type ChartSpan = ChartRange | { from: string; to: string };
export const spanOfQuery = (q: RangeQuery): ChartSpan => (q.from && q.to ? { from: q.from, to: q.to } : q.range);

/** The window [from, to) in epoch ms and the point spacing: 10 s up to 1 h, 1 min to 6 h, 5 min to 24 h, 1 h beyond. */
export function chartWindow(span: ChartSpan, now: number): { from: number; to: number; step: number } {
  const [from, to] = typeof span === "string" ? [now - RANGES[span], now] : [Date.parse(span.from), Date.parse(span.to)];
  const width = to - from;
  const step = width <= 3_600_000 ? 10_000 : width <= 6 * 3_600_000 ? 60_000 : width <= 86_400_000 ? 300_000 : 3_600_000;
  return { from, to, step };
}

export const breakerSamplePointSchema = z.object({
  t: z.string(),
  ...numbers("successful", "failed", "slow", "rejected"),
  failureRate: z.number().nullable().describe("percent of calls that failed in the interval; null without calls"),
});
export type BreakerSamplePoint = z.infer<typeof breakerSamplePointSchema>;

export const bulkheadSamplePointSchema = z.object({
  t: z.string(),
  ...numbers("maxActive", "maxQueued", "rejected"),
  maxConcurrent: z.number().describe("the largest limit in force in the interval (the adaptive limit when adaptive)"),
  maxQueue: z.number(),
});
export type BulkheadSamplePoint = z.infer<typeof bulkheadSamplePointSchema>;

export const trafficPointSchema = z.object({
  t: z.string(),
  requests: z.number().describe("every answer the gateway gave (all outcomes but client_closed)"),
  failed: z.number().describe("upstream errors, timeouts and unreachable upstreams"),
  rejected: z.number().describe("refused by an open breaker, a full bulkhead or a per-user limit"),
  errorRate: z.number().nullable().describe("(failed + rejected) in % of requests"),
  outcomes: outcomeCountsSchema.partial().describe("answers by outcome (non-zero ones)"),
});
export type TrafficPoint = z.infer<typeof trafficPointSchema>;
