// Notifier dispatch: an alert that fired or resolved (unless silenced) goes to every notifier in the
// background, with retries; close() lets first attempts finish, then stops the retries.
import { toAlertmanagerPayload } from "@/lib/engine/alerts/alertmanager";
import type { Alert } from "@/lib/engine/alerts/types";
import type { RandomSource } from "@/lib/engine/retry/backoff";
import type { AlertsRepo, NotifierTarget } from "../persistence/repos/alerts";
import type { Logger } from "../logger";
import { sleep, type ServerClock } from "../clock";
import { deliver } from "./delivery";
import type { NotifierRegistry } from "./notifiers/registry";

/** How long close() lets first delivery attempts finish before it stops retries. */
export const CLOSE_WAIT_MS = 3000;

export interface NotificationsDeps {
  repo: AlertsRepo;
  registry: NotifierRegistry;
  log: Logger;
  clock: ServerClock;
  random?: RandomSource;
  /** The URL operators reach Breakwater at (links in notifications). */
  externalURL: () => string;
}

export function createNotifications(deps: NotificationsDeps) {
  const shutdown = new AbortController();
  const pending = new Set<Promise<unknown>>();
  const deliveryDeps = { repo: deps.repo, registry: deps.registry, log: deps.log, signal: shutdown.signal, clock: deps.clock, ...(deps.random ? { random: deps.random } : {}) };
  const payloadOf = (a: Alert, status: "firing" | "resolved") => toAlertmanagerPayload([a], { receiver: "breakwater", externalURL: deps.externalURL(), status });

  return {
    /** Sends a fired or resolved alert to every notifier in the background (silenced: to none). */
    notify(a: Alert, status: "firing" | "resolved"): void {
      if (a.silenced) return;
      const p = (async () => {
        const notifiers = await deps.repo.notifierTargets();
        if (notifiers.length === 0) return;
        const payload = payloadOf(a, status);
        await Promise.all(notifiers.map((n) => deliver(deliveryDeps, n, payload, { alertId: a.id, status })));
      })().catch((err: unknown) => deps.log.error({ err }, "notification failed"));
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
    /** One attempt of a firing test alert to one notifier, recorded in the delivery log as "test". */
    async sendTest(notifier: NotifierTarget, test: Alert): Promise<void> {
      await deliver({ ...deliveryDeps, retry: false }, notifier, payloadOf(test, "firing"), { alertId: null, status: "test" });
    },
    async close(): Promise<void> {
      // let first attempts finish (bounded by the notifier timeout), then stop retrying
      await Promise.race([Promise.allSettled([...pending]), sleep(deps.clock, CLOSE_WAIT_MS)]);
      shutdown.abort();
    },
  };
}
export type Notifications = ReturnType<typeof createNotifications>;
