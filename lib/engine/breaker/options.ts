import { z } from "zod";
import { count, durationMs, HOUR_MS, MAX_DURATION_MS, statusCodes } from "../bounds";
import { windowOptionsSchema, type WindowOptions } from "../window/options";

const percent = z.number().min(1).max(100);
const ms = durationMs(MAX_DURATION_MS);

/** The breaker's fields without the cross-field rule (for schemas that change a default). */
export const breakerOptionsShape = {
  /** Trip when failures / calls ≥ this percentage (once `minimumCalls` are in the window). */
  failureRateThreshold: percent.default(50),
  /** Trip when slow calls / calls ≥ this percentage (once `minimumCalls` are in the window). */
  slowCallRateThreshold: percent.default(100),
  /** A call lasting at least this long is slow. */
  slowCallDurationMs: durationMs(HOUR_MS).default(5_000),
  /** Trip after this many failures in a row; 0 disables the rule. */
  consecutiveFailures: count(0).default(0),
  window: windowOptionsSchema.default({ type: "count", size: 100 }),
  /** Rates are not evaluated (and reported as -1) below this many calls in the window. */
  minimumCalls: count(1).default(20),
  /** Time spent open before the first half-open trial. */
  waitInOpenMs: ms.default(30_000),
  /** Cap for the open time, which doubles on each re-trip from half-open. */
  maxWaitInOpenMs: ms.default(300_000),
  /** Concurrent trial calls admitted while half-open. */
  halfOpenMaxCalls: count(1, 10_000).default(3),
  /** Successful trials needed to close again. */
  successThreshold: count(1, 10_000).default(3),
  /**
   * Longest time in half-open without a verdict (e.g. a trial permit that is never completed):
   * then the breaker re-opens (`half_open_timeout`) and the outstanding trials are void. 0 = no limit.
   */
  maxWaitInHalfOpenMs: ms.default(0),
  /** HTTP statuses the gateway counts as failures (not used by the engine itself). */
  failureStatusCodes: statusCodes.default([500, 502, 503, 504]),
};

/** The cross-field rule every breaker schema applies. */
export const breakerWaitRule = {
  check: (o: { waitInOpenMs: number; maxWaitInOpenMs: number }) => o.maxWaitInOpenMs >= o.waitInOpenMs,
  params: { message: "maxWaitInOpenMs must be ≥ waitInOpenMs", path: ["maxWaitInOpenMs"] },
};

export const breakerOptionsSchema = z.object(breakerOptionsShape).refine(breakerWaitRule.check, breakerWaitRule.params);

export type BreakerOptions = z.output<typeof breakerOptionsSchema>;
export type BreakerOptionsInput = z.input<typeof breakerOptionsSchema>;

export const DEFAULT_BREAKER_OPTIONS: Readonly<BreakerOptions> = Object.freeze(breakerOptionsSchema.parse({}));

const resolved = new WeakMap<object, BreakerOptions>();

/**
 * Parses options once per input object: breakers created from the same options object share one
 * frozen copy (which matters with thousands of breakers).
 */
export function resolveBreakerOptions(input: BreakerOptionsInput = {}): BreakerOptions {
  const cached = resolved.get(input);
  if (cached) return cached;
  const parsed = breakerOptionsSchema.parse(input);
  Object.freeze(parsed.window);
  Object.freeze(parsed.failureStatusCodes);
  const frozen = Object.freeze(parsed);
  resolved.set(input, frozen);
  resolved.set(frozen, frozen);
  return frozen;
}

export function sameWindow(a: WindowOptions, b: WindowOptions): boolean {
  return a.type === "count" ? b.type === "count" && a.size === b.size : b.type === "time" && a.seconds === b.seconds;
}
