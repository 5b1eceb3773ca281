import { z } from "zod";

// Upper bounds for every duration and count an option schema accepts: a value that would overflow
// a date, a timer or a multiplication is refused up front (and clamped when already stored).

/** 24 hours: the longest duration option (open wait, timeouts, deadlines). */
export const MAX_DURATION_MS = 86_400_000;
/** 1 hour: the longest wait between retries, slow-call threshold or queue timeout. */
export const HOUR_MS = 3_600_000;
/** The largest count option (window calls, thresholds, queue lengths, keys). */
export const MAX_COUNT = 1_000_000;

function spell(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

/** A whole number of milliseconds in [min, max]. */
export function durationMs(max: number = MAX_DURATION_MS, min = 0) {
  return z
    .number()
    .int()
    .min(min, { message: `must be at least ${min} ms` })
    .max(max, { message: `must be at most ${max} ms (${spell(max)})` });
}

/** A whole count in [min, max]. */
export function count(min: number, max: number = MAX_COUNT) {
  return z
    .number()
    .int()
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });
}

/** A list of HTTP status codes (no more entries than there are codes). */
export const statusCodes = z.array(z.number().int().min(100).max(599)).max(500, { message: "must list at most 500 status codes" });
