// Sends one payload to one notifier with Breakwater's own retry policy (exponential backoff with
// full jitter, honouring the receiver's Retry-After), recording every attempt in the delivery log.
import { backoffDelay, type RandomSource } from "@/lib/engine/retry/backoff";
import { retryOptionsSchema } from "@/lib/engine/retry/options";
import type { AlertsRepo, NotifierTarget } from "../persistence/repos/alerts";
import type { NotifierRegistry } from "./notifiers/registry";
import type { DeliveryResult } from "./notifiers/types";
import type { Logger } from "../logger";
import type { ServerClock } from "../clock";

export const DELIVERY_RETRY = retryOptionsSchema.parse({ maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 15_000, multiplier: 3, jitter: "full" });

export interface DeliveryDeps {
  repo: AlertsRepo;
  registry: NotifierRegistry;
  log: Logger;
  /** Aborted at shutdown: pending retries stop. */
  signal: AbortSignal;
  /** Retry delays and the delivery log's times. */
  clock: ServerClock;
  /** The backoff's jitter (default Math.random). */
  random?: RandomSource;
  /** false: one attempt only (a test notification). */
  retry?: boolean;
}

/** Waits `ms` on the clock; rejects when `signal` aborts first. */
const sleepOn = (clock: ServerClock, ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const cancel = clock.after(ms, resolve);
    signal.addEventListener("abort", () => (cancel(), reject(new Error("shutting down"))), { once: true });
  });

export async function deliver(
  deps: DeliveryDeps,
  notifier: NotifierTarget,
  payload: unknown,
  meta: { alertId: string | null; status: string },
): Promise<DeliveryResult> {
  const type = deps.registry.get(notifier.type);
  if (!type) {
    const r: DeliveryResult = { ok: false, error: `unknown notifier type '${notifier.type}'`, retryable: false };
    await deps.repo.recordDelivery({ notifierId: notifier.id, alertId: meta.alertId, status: meta.status, attempt: 1, ok: false, httpStatus: null, error: r.error!, at: new Date(deps.clock.now()) });
    return r;
  }
  const config = type.configSchema.parse(JSON.parse(notifier.config));
  const maxAttempts = deps.retry === false ? 1 : DELIVERY_RETRY.maxAttempts;
  let previous = 0;
  let last: DeliveryResult = { ok: false, retryable: false, error: "not sent" };
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    last = await type.send(config, payload, deps.signal);
    await deps.repo
      .recordDelivery({
        notifierId: notifier.id,
        alertId: meta.alertId,
        status: meta.status,
        attempt,
        ok: last.ok,
        httpStatus: last.httpStatus ?? null,
        error: last.error ?? null,
        at: new Date(deps.clock.now()),
      })
      .catch((err: unknown) => deps.log.warn({ err }, "could not record a notification delivery"));
    if (last.ok || !last.retryable || attempt === maxAttempts || deps.signal.aborted) break;
    const delay = Math.min(DELIVERY_RETRY.maxDelayMs, last.retryAfterMs ?? backoffDelay(attempt, previous, DELIVERY_RETRY, deps.random ?? Math.random));
    previous = delay;
    try {
      await sleepOn(deps.clock, delay, deps.signal);
    } catch {
      break;
    }
  }
  if (!last.ok) deps.log.warn({ notifier: notifier.name, error: last.error }, `notification to '${notifier.name}' failed`);
  return last;
}
