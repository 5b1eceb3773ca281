import { z } from "zod";
import { durationMs } from "../bounds";

export const timeoutOptionsSchema = z.object({
  /** Per-attempt timeout; 0 = none. */
  timeoutMs: durationMs().default(10_000),
  /** Overall deadline across attempts (and backoff waits); 0 = none. */
  deadlineMs: durationMs().default(0),
});
export type TimeoutOptions = z.output<typeof timeoutOptionsSchema>;
export type TimeoutOptionsInput = z.input<typeof timeoutOptionsSchema>;
export const DEFAULT_TIMEOUT_OPTIONS: Readonly<TimeoutOptions> = Object.freeze(timeoutOptionsSchema.parse({}));
