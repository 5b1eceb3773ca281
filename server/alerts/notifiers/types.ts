import type { z } from "zod";

export interface DeliveryResult {
  ok: boolean;
  httpStatus?: number;
  error?: string;
  /** A failure worth retrying (network error, 5xx, 429). */
  retryable: boolean;
  /** Delay the receiver asked for (Retry-After). */
  retryAfterMs?: number;
}

/** A notifier family: one file per type, registered by name. */
export interface NotifierType<C = unknown> {
  type: string;
  configSchema: z.ZodType<C>;
  /** Human-readable summary of a config without secrets (for the UI). */
  describe(config: C): string;
  send(config: C, payload: unknown, signal: AbortSignal): Promise<DeliveryResult>;
}
