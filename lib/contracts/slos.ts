// SLOs as the API and forms see them (docs/ENGINE.md "SLOs", docs/API.md).
import { z } from "zod";
import { numbers, strings } from "./fields";
import { sloDefinitionSchema } from "@/lib/engine/slo/options";

/** Upper bounds on what the API accepts (the engine itself takes any positive value). */
export const SLO_LIMITS = { thresholdMs: 600_000, burnRate: 1000 } as const;

/** POST/PUT body: the engine's definition, with unknown fields refused and every number bounded. */
export const sloInputSchema = sloDefinitionSchema.strict().superRefine((d, ctx) => {
  const over = (value: number | null | undefined, max: number, path: (string | number)[], unit = "") => {
    if (value !== null && value !== undefined && value > max) ctx.addIssue({ code: "custom", path, message: `must be at most ${max}${unit}` });
  };
  if (d.sli.type === "latency") over(d.sli.thresholdMs, SLO_LIMITS.thresholdMs, ["sli", "thresholdMs"], " ms");
  over(d.alerting.pageBurnRate, SLO_LIMITS.burnRate, ["alerting", "pageBurnRate"]);
  over(d.alerting.ticketBurnRate, SLO_LIMITS.burnRate, ["alerting", "ticketBurnRate"]);
  over(d.tripBreakerOnBurnRate, SLO_LIMITS.burnRate, ["tripBreakerOnBurnRate"]);
});
export type SloInput = z.input<typeof sloInputSchema>;

export const burnRatesSchema = z.object({
  ...numbers("5m", "30m", "1h", "6h", "1d", "3d"),
});

export const sloStatusSchema = z.object({
  sli: z.number().describe("percent of good events over the window (100 with no events)"),
  objective: z.number(),
  events: z.object({ good: z.number(), total: z.number() }),
  errorBudget: z.object({ total: z.number(), consumed: z.number(), remaining: z.number(), remainingRatio: z.number() }),
  burnRates: burnRatesSchema,
  lookbacks: z.record(z.string(), z.number()).describe("the scaled length of each burn window, in seconds"),
  alerts: z.object({ page: z.boolean(), ticket: z.boolean() }),
  exhaustsAt: z.string().optional(),
  series: z
    .array(z.object({ t: z.string(), sli: z.number(), remainingRatio: z.number(), burnRate: z.number().describe('the "1h" burn rate at t') }))
    .describe("from the SLO's creation (or the window start, if later) to now, oldest first; read from the stored buckets"),
  at: z.string(),
  since: z.string().optional().describe("when the SLO was created: nothing was measured before"),
  upstreamBurnRates: z
    .object({ "5m": z.number(), "1h": z.number() })
    .optional()
    .describe("burn over the answers that reached the upstream only: what tripBreakerOnBurnRate reads"),
});
export type SloStatusDto = z.infer<typeof sloStatusSchema>;

export const sloDtoSchema = sloDefinitionSchema.extend({
  ...strings("id", "createdBy", "createdAt", "updatedAt"),
  status: sloStatusSchema.omit({ series: true }).optional(),
});
export type SloDto = z.infer<typeof sloDtoSchema>;
