// Chaos experiments as the API, the dashboard and the runner see them (docs/CHAOS.md).
import { z } from "zod";
import { serviceNameSchema } from "./services";
import { EXPERIMENT_STATUSES, type ExperimentStatus } from "@/lib/engine/chaos/state-machine";
import type { ExperimentDefinition, StopReason } from "@/lib/engine/chaos/types";
import type { Observed } from "@/lib/engine/chaos/observation";
import type { HypothesisVerdict } from "@/lib/engine/chaos/hypothesis";

export const MIN_EXPERIMENT_SECONDS = 10;
export const MAX_EXPERIMENT_SECONDS = 3_600;
/** How far ahead an experiment may be scheduled. */
export const MAX_SCHEDULE_AHEAD_MS = 7 * 86_400_000;

const percent = (what = "a percentage") =>
  z.number({ message: `must be ${what} between 0 and 100` }).min(0, `must be ${what} between 0 and 100`).max(100, `must be ${what} between 0 and 100`);
const int = (min: number, max: number, unit = "") =>
  z
    .number({ message: `must be a whole number from ${min} to ${max}${unit}` })
    .int(`must be a whole number from ${min} to ${max}${unit}`)
    .min(min, `must be at least ${min}${unit}`)
    .max(max, `must be at most ${max}${unit}`);
const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

const faultPercent = percent("the share of in-scope requests, a percentage").default(100);

export const faultSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("latency"), percent: faultPercent, ms: int(1, 600_000, " ms"), jitterMs: int(0, 600_000, " ms").optional() }).strict(),
    z
      .object({
        type: z.literal("error"),
        percent: faultPercent,
        status: int(500, 599),
        body: z.string().max(65_536, "must be at most 65536 characters").optional(),
      })
      .strict(),
    z.object({ type: z.literal("abort"), percent: faultPercent }).strict(),
    z.object({ type: z.literal("bandwidth"), percent: faultPercent, bytesPerSecond: int(64, 1_000_000_000, " B/s") }).strict(),
  ],
  { error: () => "must be an object with type latency, error, abort or bandwidth" },
);

export const targetSchema = z
  .object({
    percent: percent().optional(),
    header: z
      .object({
        name: z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "must be an HTTP header name (1–100 token characters)"),
        value: z.string().max(256, "must be at most 256 characters").regex(/^[\t\x20-\x7e]*$/, "must be printable ASCII"),
      })
      .strict()
      .optional(),
    users: z.array(text(256)).min(1, "must list at least one user key").max(1_000, "must list at most 1000 user keys").optional(),
  })
  .strict();

export const stopConditionSchema = z.discriminatedUnion(
  "type",
  [
    z
      .object({
        type: z.literal("slo_burn"),
        slo: text(100),
        above: z.number({ message: "must be a burn rate above 0, e.g. 14.4" }).gt(0, "must be above 0").max(10_000, "must be at most 10000"),
      })
      .strict(),
    z.object({ type: z.literal("error_rate"), above: percent(), windowSeconds: int(10, 3_600, " s") }).strict(),
  ],
  { error: () => "must be an object with type slo_burn or error_rate" },
);

export const hypothesisSchema = z
  .object({
    breakerOpensWithinSeconds: int(1, MAX_EXPERIMENT_SECONDS, " s").optional(),
    sloRemainingAbove: z.object({ slo: text(100), percent: percent() }).strict().optional(),
    maxErrorRate: percent().optional(),
  })
  .strict()
  .refine((h) => Object.keys(h).length > 0, "must state at least one of breakerOpensWithinSeconds, sloRemainingAbove, maxErrorRate");

/** POST /api/v1/experiments. */
export const experimentCreateSchema = z
  .object({
    name: text(100),
    service: serviceNameSchema,
    faults: z.array(faultSchema).min(1, "must list at least one fault").max(4, "must list at most 4 faults"),
    target: targetSchema.optional(),
    durationSeconds: int(MIN_EXPERIMENT_SECONDS, MAX_EXPERIMENT_SECONDS, " s"),
    stopConditions: z.array(stopConditionSchema).max(10, "must list at most 10 stop conditions").default([]),
    hypothesis: hypothesisSchema.optional(),
    startAt: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2026-12-01T10:00:00Z" }).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.faults.forEach((f, i) => {
      if (seen.has(f.type)) ctx.addIssue({ code: "custom", path: ["faults", i, "type"], message: `lists ${f.type} twice: give each fault type once` });
      seen.add(f.type);
    });
  });
export type ExperimentCreateInput = z.input<typeof experimentCreateSchema>;
export type ExperimentCreate = z.output<typeof experimentCreateSchema>;

export const experimentStatusSchema = z.enum(EXPERIMENT_STATUSES as [ExperimentStatus, ...ExperimentStatus[]]);

const isStatus = (s: string): s is ExperimentStatus => (EXPERIMENT_STATUSES as readonly string[]).includes(s);

/** GET /api/v1/experiments?status=running,scheduled&limit=50 */
export const experimentListQuerySchema = z
  .object({
    status: z
      .string()
      .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
      .refine((list) => list.length > 0 && list.every(isStatus), `must be one or more of ${EXPERIMENT_STATUSES.join(", ")}, comma-separated`)
      .transform((list) => list as ExperimentStatus[])
      .optional(),
    limit: z.coerce.number({ message: "must be a whole number from 1 to 500" }).pipe(int(1, 500)).default(100),
  })
  .strict();
export type ExperimentListQuery = z.output<typeof experimentListQuerySchema>;

export const stopReasonSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("slo_burn"), slo: z.string(), above: z.number(), value: z.number() }),
  z.object({ type: z.literal("error_rate"), above: z.number(), windowSeconds: z.number(), value: z.number() }),
  z.object({ type: z.literal("manual"), actor: z.string() }),
  z.object({ type: z.literal("restart") }),
  z.object({ type: z.literal("conflict"), experimentId: z.string() }),
]);

const breakerStateSchema = z.enum(["closed", "open", "half_open", "forced_open", "forced_closed"]);

export const observedSchema = z.object({
  requests: z.number(),
  inScope: z.number(),
  injected: z.object({ latency: z.number(), error: z.number(), abort: z.number(), bandwidth: z.number() }),
  responses: z.number(),
  errors: z.number(),
  errorRate: z.number().describe("client-visible error percentage over the experiment"),
  breakerTransitions: z.array(z.object({ from: breakerStateSchema, to: breakerStateSchema, reason: z.string(), at: z.string(), afterSeconds: z.number() })),
  droppedTransitions: z.number(),
  sloRemaining: z.object({ start: z.number().nullable(), end: z.number().nullable() }).describe("percent of the error budget left"),
});

export const clauseVerdictSchema = z.object({
  clause: z.enum(["breakerOpensWithinSeconds", "sloRemainingAbove", "maxErrorRate"]),
  expected: z.number(),
  observed: z.number().nullable(),
  held: z.boolean(),
});
export const hypothesisVerdictSchema = z.object({ held: z.boolean(), clauses: z.array(clauseVerdictSchema) });

export const experimentDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  service: z.string(),
  faults: z.array(faultSchema),
  target: targetSchema.optional(),
  durationSeconds: z.number(),
  stopConditions: z.array(stopConditionSchema),
  startAt: z.string().nullable(),
  status: experimentStatusSchema,
  summary: z.string().describe("the experiment in one plain sentence"),
  createdBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  stopReason: stopReasonSchema.optional(),
  observed: observedSchema,
  /** The stated clauses, `held` (null until judged, and for aborted experiments) and one verdict per clause. */
  hypothesis: z
    .object({
      breakerOpensWithinSeconds: z.number().optional(),
      sloRemainingAbove: z.object({ slo: z.string(), percent: z.number() }).optional(),
      maxErrorRate: z.number().optional(),
      held: z.boolean().nullable(),
      clauses: z.array(clauseVerdictSchema),
    })
    .optional(),
});
export type ExperimentDto = z.infer<typeof experimentDtoSchema>;

/** Socket.IO `experiment:updated`: the experiment as GET /experiments/{id} returns it. */
export type ExperimentUpdatedEvent = ExperimentDto;

// The schemas produce exactly the engine's shapes (a compile error here means they drifted apart).
type Assignable<T extends U, U> = T;
type _Definition = Assignable<Omit<ExperimentCreate, "startAt">, ExperimentDefinition>;
type _StopReason = Assignable<z.output<typeof stopReasonSchema>, StopReason>;
type _StopReasonBack = Assignable<StopReason, z.output<typeof stopReasonSchema>>;
type _Observed = Assignable<Observed, z.output<typeof observedSchema>>;
type _Verdict = Assignable<HypothesisVerdict, z.output<typeof hypothesisVerdictSchema>>;
export type { _Definition, _StopReason, _StopReasonBack, _Observed, _Verdict };
