// Running a protocol health checker the way the scheduler does, for the checker tests.
import { expect } from "vitest";
import type { CheckResult, HealthChecker } from "@/server/health/types";

export const SELF_SIGNED = "certificate is self-signed (set insecureSkipVerify or give its CA)";

/** Runs a check the way the scheduler does: options through the checker's schema, a hard timeout. */
export async function runCheck<O>(
  checker: HealthChecker<O>,
  target: string,
  options: Record<string, unknown> = {},
  timeoutMs = 5000,
): Promise<CheckResult> {
  expect(checker.validateTarget(target)).toBeNull();
  const opts = checker.optionsSchema.parse(options);
  const r = await checker.check(target, opts, AbortSignal.timeout(timeoutMs));
  expect(typeof r.detail).toBe("string");
  expect(r.detail).not.toContain("\n");
  expect(r.latencyMs).toBeGreaterThanOrEqual(0);
  return r;
}

/** Polls `cond` every 20 ms until it holds (or fails after `ms`). */
export async function eventually(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
