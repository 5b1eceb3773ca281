import { z } from "zod";

/** Largest limit an adaptive limiter may reach (a sanity bound, not a recommendation). */
export const MAX_ADAPTIVE_LIMIT = 100_000;

const limit = z.number().int().min(1).max(MAX_ADAPTIVE_LIMIT);

/** Options every algorithm shares: bounds and how samples are grouped into windows. */
const commonShape = {
  /** The limit never falls below this (and a min-RTT probe runs at this concurrency). */
  minLimit: limit.default(4),
  /** The limit never rises above this. */
  maxLimit: limit.default(1_000),
  /** The limit before the first update. */
  initialLimit: limit.default(20),
  /** Samples are aggregated over a window this long; the limit moves at most once per window. */
  sampleWindowMs: z.number().int().min(10).max(60_000).default(500),
  /** A window with fewer samples than this is discarded (too little evidence to move the limit). */
  minSamples: z.number().int().min(1).max(100_000).default(10),
};

type Bounds = { minLimit: number; maxLimit: number; initialLimit: number };

function checkBounds(o: Bounds, ctx: z.RefinementCtx): void {
  if (o.maxLimit < o.minLimit) ctx.addIssue({ code: "custom", message: "maxLimit must be ≥ minLimit", path: ["maxLimit"] });
  if (o.initialLimit < o.minLimit || o.initialLimit > o.maxLimit) {
    ctx.addIssue({ code: "custom", message: "initialLimit must be within [minLimit, maxLimit]", path: ["initialLimit"] });
  }
}

export const gradient2OptionsSchema = z
  .object({
    algorithm: z.literal("gradient2"),
    ...commonShape,
    /**
     * How much slower than the long-term RTT a window may be before the limit shrinks (1.25 = 25 %,
     * Envoy's default min-RTT buffer; Netflix uses 1.5, which queues more in front of small upstreams).
     */
    tolerance: z.number().min(1).max(10).default(1.25),
    /** Weight of each window's proposed limit in the new limit (1 = jump straight to it). */
    smoothing: z.number().min(0.01).max(1).default(0.5),
    /** The long-term RTT is an exponential average over about this many windows. */
    longWindow: z.number().int().min(2).max(10_000).default(60),
    /**
     * Every this many ms the limit drops to minLimit for one window to re-measure the no-load RTT
     * (Envoy's min-RTT window); the first probe runs at start. 0 = never, not even at start.
     */
    minRttProbeIntervalMs: z.number().int().min(0).max(3_600_000).default(60_000),
  })
  .strict()
  .superRefine(checkBounds);

export const aimdOptionsSchema = z
  .object({
    algorithm: z.literal("aimd"),
    ...commonShape,
    /** A window whose RTT is above this is a congestion signal. */
    latencyThresholdMs: z.number().int().min(1).max(600_000).default(1_000),
    /** Multiplier applied on a congestion signal. */
    backoffRatio: z.number().min(0.5).max(0.99).default(0.9),
    /** Added per window while the limit is in use and there is no congestion signal. */
    increaseBy: z.number().int().min(1).max(1_000).default(1),
    /** Failures (upstream errors) back off only from this share of the window's samples, in percent. */
    failureRateThreshold: z.number().min(1).max(100).default(10),
  })
  .strict()
  .superRefine(checkBounds);

/** Either algorithm, picked by `algorithm`. */
export const adaptiveLimitOptionsSchema = z.discriminatedUnion("algorithm", [gradient2OptionsSchema, aimdOptionsSchema]);

export type Gradient2Options = z.output<typeof gradient2OptionsSchema>;
export type Gradient2OptionsInput = z.input<typeof gradient2OptionsSchema>;
export type AimdOptions = z.output<typeof aimdOptionsSchema>;
export type AimdOptionsInput = z.input<typeof aimdOptionsSchema>;
export type AdaptiveLimitOptions = z.output<typeof adaptiveLimitOptionsSchema>;
export type AdaptiveLimitOptionsInput = z.input<typeof adaptiveLimitOptionsSchema>;
export type AdaptiveAlgorithm = AdaptiveLimitOptions["algorithm"];

export const DEFAULT_GRADIENT2_OPTIONS: Readonly<Gradient2Options> = Object.freeze(
  gradient2OptionsSchema.parse({ algorithm: "gradient2" }),
);
export const DEFAULT_AIMD_OPTIONS: Readonly<AimdOptions> = Object.freeze(aimdOptionsSchema.parse({ algorithm: "aimd" }));
