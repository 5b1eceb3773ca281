import { z } from "zod";
import { durationMs, HOUR_MS } from "../bounds";

/** SLO window presets (seconds). Any whole number of seconds from 1 hour to 90 days is allowed. */
export const SLO_WINDOW_PRESETS = Object.freeze({
  "1h": 3_600,
  "1d": 86_400,
  "7d": 604_800,
  "28d": 2_419_200,
  "30d": 2_592_000,
} as const);
export type SloWindowPreset = keyof typeof SLO_WINDOW_PRESETS;

export const MIN_SLO_WINDOW_SECONDS = 3_600;
export const MAX_SLO_WINDOW_SECONDS = 90 * 86_400;
/** The window the standard burn-rate thresholds (14.4 / 6 / 1) are defined for. */
export const REFERENCE_SLO_WINDOW_SECONDS = SLO_WINDOW_PRESETS["30d"];
export const DEFAULT_SLO_WINDOW_SECONDS = SLO_WINDOW_PRESETS["30d"];

/** No burn rate can exceed 100 / (100 − objective); 10 000 covers an objective of 99.99. */
const MAX_BURN_RATE = 10_000;

const OBJECTIVE_MESSAGE = "must be between 0 and 100 (exclusive), e.g. 99.9";

/**
 * Whether a per-user-limit refusal (429) is a bad event. Off by default: the noisy client's own
 * doing, not the service failing its users.
 */
const countUserLimited = z.boolean().default(false);

/**
 * What counts as a good event. Every answer the gateway gives counts (see `classifySliAnswer`):
 * refusals by an open breaker or a full service bulkhead are bad events.
 */
export const sliSchema = z.discriminatedUnion("type", [
  /** Good = the upstream answered with a success. */
  z.object({ type: z.literal("availability"), countUserLimited }),
  /** Good = the upstream answered in strictly less than `thresholdMs` (whatever its status). */
  z.object({ type: z.literal("latency"), thresholdMs: durationMs(HOUR_MS, 1), countUserLimited }),
]);
export type Sli = z.output<typeof sliSchema>;

export const sloAlertingSchema = z.object({
  /** Page when the (scaled) 1h and 5m burn rates are both ≥ this. */
  pageBurnRate: z.number().positive().max(MAX_BURN_RATE).default(14.4),
  /** Ticket when the (scaled) 3d and 6h burn rates are both ≥ this. */
  ticketBurnRate: z.number().positive().max(MAX_BURN_RATE).default(1),
});
export type SloAlerting = z.output<typeof sloAlertingSchema>;
export type SloAlertingInput = z.input<typeof sloAlertingSchema>;

export const DEFAULT_SLO_ALERTING: Readonly<SloAlerting> = Object.freeze(sloAlertingSchema.parse({}));

export const sloDefinitionSchema = z.object({
  name: z.string().trim().min(1).max(100),
  service: z.string().trim().min(1).max(100),
  sli: sliSchema,
  /** Target percentage of good events, e.g. 99.9. */
  objective: z
    .number({ message: OBJECTIVE_MESSAGE })
    .gt(0, { message: OBJECTIVE_MESSAGE })
    .lt(100, { message: OBJECTIVE_MESSAGE }),
  /** Rolling window in seconds (presets in `SLO_WINDOW_PRESETS`). */
  windowSeconds: z
    .number()
    .int()
    .min(MIN_SLO_WINDOW_SECONDS, { message: "must be at least 3600 (1 hour)" })
    .max(MAX_SLO_WINDOW_SECONDS, { message: "must be at most 7776000 (90 days)" })
    .default(DEFAULT_SLO_WINDOW_SECONDS),
  alerting: sloAlertingSchema.prefault({}),
  /** While both page-rule windows (1h and 5m, scaled) burn at least this fast, open the breaker. */
  tripBreakerOnBurnRate: z.number().positive().max(MAX_BURN_RATE).nullable().default(null),
});

export type SloDefinition = z.output<typeof sloDefinitionSchema>;
export type SloDefinitionInput = z.input<typeof sloDefinitionSchema>;

/**
 * The allowed fraction of bad events, 1 − objective/100, rounded to 12 significant digits so that
 * e.g. 99.9 gives exactly 0.001 rather than 0.0009999999999999432.
 */
export function budgetFraction(objective: number): number {
  return Number(((100 - objective) / 100).toPrecision(12));
}
