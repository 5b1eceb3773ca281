// webhook: POSTs Prometheus Alertmanager's webhook JSON (version "4") to a URL.
import { request } from "undici";
import { z } from "zod";
import { headersSchema } from "@/lib/contracts/headers";
import type { DeliveryResult, NotifierType } from "./types";

export const webhookConfigSchema = z
  .object({
    url: z
      .string()
      .refine((v) => {
        try {
          const u = new URL(v);
          return u.protocol === "http:" || u.protocol === "https:";
        } catch {
          return false;
        }
      }, "must be an http:// or https:// URL")
      .refine((v) => v.length <= 2000, "must be at most 2000 characters"),
    headers: headersSchema.optional(),
    timeoutMs: z.number().int().min(100).max(60_000).default(5000),
  })
  .strict();
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export const webhookNotifier: NotifierType<WebhookConfig> = {
  type: "webhook",
  configSchema: webhookConfigSchema,
  describe: (c) => {
    const u = new URL(c.url);
    return `POST ${u.origin}${u.pathname}`;
  },
  async send(config, payload, signal): Promise<DeliveryResult> {
    const timeout = AbortSignal.timeout(config.timeoutMs);
    try {
      const res = await request(config.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Breakwater", ...config.headers },
        body: JSON.stringify(payload),
        signal: AbortSignal.any([signal, timeout]),
      });
      await res.body.dump();
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      const ra = res.headers["retry-after"];
      const retryAfterMs = typeof ra === "string" && /^\d+$/.test(ra) ? Number(ra) * 1000 : undefined;
      return {
        ok,
        httpStatus: res.statusCode,
        ...(ok ? {} : { error: `receiver answered ${res.statusCode}` }),
        retryable: !ok && (res.statusCode >= 500 || res.statusCode === 429 || res.statusCode === 408),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    } catch (err) {
      const e = err as { code?: string; message?: string; name?: string };
      const timedOut = timeout.aborted;
      return { ok: false, error: timedOut ? `no answer within ${config.timeoutMs} ms` : (e.code ?? e.message ?? "request failed"), retryable: true };
    }
  },
};
