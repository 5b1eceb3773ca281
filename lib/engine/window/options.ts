import { z } from "zod";

/** A sliding window: the last `size` calls, or the calls of the last `seconds` seconds. */
export const windowOptionsSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("count"), size: z.number().int().min(1).max(100_000) }),
  z.object({ type: z.literal("time"), seconds: z.number().int().min(1).max(3_600) }),
]);

export type WindowOptions = z.output<typeof windowOptionsSchema>;

export const DEFAULT_WINDOW_OPTIONS: WindowOptions = { type: "count", size: 100 };
export const DEFAULT_TIME_WINDOW_OPTIONS: WindowOptions = { type: "time", seconds: 60 };
