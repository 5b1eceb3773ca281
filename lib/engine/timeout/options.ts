import { z } from "zod";

export const timeoutOptionsSchema = z.object({
  /** Per-attempt timeout; 0 = none. */
  timeoutMs: z.number().int().min(0).default(10_000),
  /** Overall deadline across attempts (and backoff waits); 0 = none. */
  deadlineMs: z.number().int().min(0).default(0),
});
export type TimeoutOptions = z.output<typeof timeoutOptionsSchema>;
export type TimeoutOptionsInput = z.input<typeof timeoutOptionsSchema>;
export const DEFAULT_TIMEOUT_OPTIONS: Readonly<TimeoutOptions> = Object.freeze(timeoutOptionsSchema.parse({}));
