import { z } from "zod";
import { windowSnapshotSchema } from "../window/sliding-window";

export const breakerOverrideSnapshotSchema = z.object({
  state: z.enum(["open", "closed"]),
  actor: z.string(),
  reason: z.string(),
  since: z.number(),
  expiresAt: z.number().nullable(),
});

/** A breaker's persisted form (`toJSON()`); JSON-safe (nulls, no undefined). */
export const breakerSnapshotSchema = z.object({
  v: z.literal(1),
  name: z.string(),
  state: z.enum(["closed", "open", "half_open", "forced_open", "forced_closed"]),
  updatedAt: z.number(),
  openedAt: z.number().nullable(),
  halfOpenAt: z.number().nullable(),
  /** Current open duration (doubles on re-trips). */
  waitMs: z.number().int().min(0),
  consecutiveFailures: z.number().int().min(0),
  halfOpenSuccesses: z.number().int().min(0),
  rejected: z.number().int().min(0),
  override: breakerOverrideSnapshotSchema.nullable(),
  window: windowSnapshotSchema,
});

export type BreakerSnapshot = z.output<typeof breakerSnapshotSchema>;
