// Adaptive concurrency (docs/ADAPTIVE.md, docs/GATEWAY.md "Adaptive concurrency"): the service field
// `bulkhead.adaptive`, the pin request and what GET /api/v1/bulkheads adds for an adaptive bulkhead.
import { z } from "zod";
import { numbers, strings } from "./fields";
import { aimdOptionsSchema, gradient2OptionsSchema, MAX_ADAPTIVE_LIMIT } from "@/lib/engine/adaptive/options";

/**
 * `bulkhead.adaptive`: the limiter's options (algorithm + its tuning). Absent = the static
 * `maxConcurrent` applies. Unknown fields and bad bounds are refused, each issue naming its field.
 */
export const adaptiveServiceSchema = z.discriminatedUnion("algorithm", [gradient2OptionsSchema, aimdOptionsSchema], {
  error: (issue) => (issue.code === "invalid_union" ? 'must be "gradient2" or "aimd"' : undefined),
});
export type AdaptiveServiceOptions = z.output<typeof adaptiveServiceSchema>;

/** Longest pin: one day (a forgotten pin must not hold for ever). */
export const MAX_PIN_TTL_SECONDS = 86_400;

/** POST /api/v1/bulkheads/{service}/pin */
export const pinRequestSchema = z
  .object({
    limit: z
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(MAX_ADAPTIVE_LIMIT, `must be at most ${MAX_ADAPTIVE_LIMIT}`)
      .describe("the concurrency limit to hold (at most the service's adaptive maxLimit)"),
    reason: z.string({ error: "is required" }).trim().min(1, "is required").max(500, "must be at most 500 characters"),
    ttlSeconds: z
      .number({ error: "must be a whole number of seconds" })
      .int("must be a whole number of seconds")
      .min(1, "must be at least 1 s")
      .max(MAX_PIN_TTL_SECONDS, `must be at most ${MAX_PIN_TTL_SECONDS} s (24 h)`)
      .describe("the pin lifts itself after this long"),
  })
  .strict();
export type PinRequest = z.infer<typeof pinRequestSchema>;

/** An operator's pin in force (shown as an override). */
export const pinDtoSchema = z.object({
  limit: z.number(),
  /** `until`: when the pin lifts itself; `at`: when it was set (both ISO 8601). */
  ...strings("reason", "until", "actor", "at"),
});
export type PinDto = z.infer<typeof pinDtoSchema>;

/** The adaptive part of a bulkhead's view (null on a static bulkhead). */
export const adaptiveDtoSchema = z.object({
  algorithm: z.enum(["gradient2", "aimd"]),
  ...numbers("minLimit", "maxLimit"),
  rttMs: z
    .object({ short: z.number(), long: z.number() })
    .describe("the last window's RTT and the long-term (baseline) RTT, ms; 0 = not measured yet"),
  lastChangeAt: z.string().nullable().describe("when the limit last changed on this instance (ISO 8601); null = never"),
  lastChangeReason: z
    .string()
    .nullable()
    .describe("gradient, increase, backoff_latency, backoff_error, min_rtt_probe, min_rtt_probe_done, pinned, unpinned"),
  pinned: pinDtoSchema.optional().describe("an operator's pin in force (cluster-wide in cluster mode)"),
});
export type AdaptiveDto = z.infer<typeof adaptiveDtoSchema>;

/** Cluster mode: one instance's own limit (each instance adapts on its own traffic). */
export const instanceLimitSchema = z.object({
  instance: z.string(),
  limit: z.number(),
  /** When that instance published it (ISO 8601). */
  at: z.string(),
  self: z.boolean(),
});
export type InstanceLimitDto = z.infer<typeof instanceLimitSchema>;
