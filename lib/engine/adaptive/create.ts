import { AimdLimiter } from "./aimd";
import { Gradient2Limiter } from "./gradient2";
import type { AdaptiveLimiterDeps } from "./limiter-base";
import { adaptiveLimitOptionsSchema, type AdaptiveLimitOptionsInput } from "./options";
import type { AdaptiveLimiter } from "./types";

/** A limiter for `options.algorithm` ("gradient2" or "aimd"); options are validated (ZodError on bad input). */
export function createAdaptiveLimiter(options: AdaptiveLimitOptionsInput, deps: AdaptiveLimiterDeps = {}): AdaptiveLimiter {
  const parsed = adaptiveLimitOptionsSchema.parse(options);
  return parsed.algorithm === "gradient2" ? new Gradient2Limiter(parsed, deps) : new AimdLimiter(parsed, deps);
}
