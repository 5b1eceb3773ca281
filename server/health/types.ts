// The one small interface every health checker implements (one file per protocol).
import type { z } from "zod";

export interface CheckResult {
  healthy: boolean;
  /** Time the check took (to the decisive answer, or to the failure). */
  latencyMs: number;
  /** One line for operators: what was seen ("200 OK", "SERVING", "connection refused", …). */
  detail: string;
}

export interface HealthChecker<O = unknown> {
  /** Registry key: "http", "https", "tcp", "grpc", "websocket", or a custom checker's name. */
  name: string;
  /** Validates the check's `options` (a 400 names the field as options.<path>). */
  optionsSchema: z.ZodType<O>;
  /** Validates the check's `target`; the message says what form it takes. */
  validateTarget(target: string): string | null;
  /**
   * Runs one check. Must stop and settle when `signal` aborts (the scheduler also enforces a hard
   * timeout, so a checker that hangs is reported unhealthy anyway).
   */
  check(target: string, options: O, signal: AbortSignal): Promise<CheckResult>;
}
