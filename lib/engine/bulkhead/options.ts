import { z } from "zod";
import { count, durationMs, HOUR_MS } from "../bounds";

export const bulkheadOptionsSchema = z.object({
  /** Calls running at once. */
  maxConcurrent: count(1).default(100),
  /** Calls waiting (FIFO) for a slot; 0 = no queue, reject at once. */
  maxQueue: count(0).default(50),
  /** Longest wait in the queue; 0 = wait until a slot frees or the caller aborts. */
  queueTimeoutMs: durationMs(HOUR_MS).default(1_000),
});
export type BulkheadOptions = z.output<typeof bulkheadOptionsSchema>;
export type BulkheadOptionsInput = z.input<typeof bulkheadOptionsSchema>;
export const DEFAULT_BULKHEAD_OPTIONS: Readonly<BulkheadOptions> = Object.freeze(bulkheadOptionsSchema.parse({}));

export const perUserBulkheadOptionsSchema = z.object({
  /** Calls running at once per key. */
  maxConcurrent: count(1).default(10),
  /** Calls waiting per key; 0 = reject at once. */
  maxQueue: count(0).default(0),
  /** Longest wait per queued call; 0 = no limit. */
  queueTimeoutMs: durationMs(HOUR_MS).default(0),
  /** Keys tracked at most; idle keys are evicted least-recently-used first, busy keys never. */
  maxKeys: count(1).default(10_000),
});
export type PerUserBulkheadOptions = z.output<typeof perUserBulkheadOptionsSchema>;
export type PerUserBulkheadOptionsInput = z.input<typeof perUserBulkheadOptionsSchema>;
export const DEFAULT_PER_USER_BULKHEAD_OPTIONS: Readonly<PerUserBulkheadOptions> = Object.freeze(
  perUserBulkheadOptionsSchema.parse({}),
);
