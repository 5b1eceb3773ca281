import { z } from "zod";

/** The two bucket resolutions and their widths in ms. */
export const SLO_RESOLUTIONS = Object.freeze({ "10s": 10_000, "1m": 60_000 } as const);
export type SloResolution = keyof typeof SLO_RESOLUTIONS;

const count = z.number().int().min(0);

/** [bucketStartMs, good, total] */
export const sloBucketTupleSchema = z.tuple([count, count, count]);
export type SloBucketTuple = z.output<typeof sloBucketTupleSchema>;

/** A tracker's persisted form (`toJSON()`): only non-empty buckets, oldest first. */
export const sloSnapshotSchema = z.object({
  v: z.literal(1),
  windowSeconds: z.number().int().min(1),
  /** 10-second buckets. */
  fine: z.array(sloBucketTupleSchema),
  /** 1-minute buckets. */
  coarse: z.array(sloBucketTupleSchema),
});
export type SloSnapshot = z.output<typeof sloSnapshotSchema>;

/**
 * One bucket as a database row (model SloBucket: sloId, instance, resolution, start, good, total).
 * From `exportBuckets` the counts are the bucket's full value; from `drainDirty` they are the
 * increments since the previous drain (add them to the stored row).
 */
export const sloBucketRowSchema = z
  .object({
    resolution: z.enum(["10s", "1m"]),
    start: count,
    good: count,
    total: count,
  })
  .refine((r) => r.good <= r.total, { message: "good must be ≤ total", path: ["good"] });
export type SloBucketRow = z.output<typeof sloBucketRowSchema>;
