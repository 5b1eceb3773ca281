import { z } from "zod";
import { statusCodes } from "../bounds";

export const jitterSchema = z.enum(["none", "full", "equal", "decorrelated"]);
export type Jitter = z.output<typeof jitterSchema>;

/** The longest wait between two attempts: one hour. */
export const MAX_RETRY_DELAY_MS = 3_600_000;
export const MAX_MULTIPLIER = 100;

export const retryOptionsSchema = z
  .object({
    /** Attempts in total, including the first; 1 = no retries. */
    maxAttempts: z.number().int().min(1).max(100).default(3),
    initialDelayMs: z.number().int().min(0).max(MAX_RETRY_DELAY_MS).default(100),
    /** No delay ever exceeds this (jitter and Retry-After included). */
    maxDelayMs: z.number().int().min(0).max(MAX_RETRY_DELAY_MS).default(2_000),
    /** Growth per retry (1 = constant delay). */
    multiplier: z.number().min(1).max(MAX_MULTIPLIER).default(2),
    jitter: jitterSchema.default("full"),
    /** HTTP statuses the gateway retries (the engine itself asks the classifier). */
    retryOn: statusCodes.default([502, 503, 504]),
    /** Retries may be at most this percentage of calls over the last 10 s (at least 1 per second). */
    budgetPercent: z.number().min(0).max(100).default(20),
  })
  .refine((o) => o.maxDelayMs >= o.initialDelayMs, {
    message: "maxDelayMs must be ≥ initialDelayMs",
    path: ["maxDelayMs"],
  });

export type RetryOptions = z.output<typeof retryOptionsSchema>;
export type RetryOptionsInput = z.input<typeof retryOptionsSchema>;
export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze(retryOptionsSchema.parse({}));
