// The alerts Breakwater raises about its own guards: a breaker that opened (critical; resolved
// wherever it closes) and a bulkhead that refused requests in the last sample interval (warning).
// Subscribes to the BreakerRegistry's events; the bulkhead check runs on each sample's counters.
import type { BreakerRegistry } from "../breakers/registry";
import type { Logger } from "../logger";
import type { AlertsService } from "./alerts-service";
import { breakerAlertLabels, bulkheadAlertLabels } from "./sources";

export function subscribeBreakerAlerts(breakers: BreakerRegistry, alerts: AlertsService, log: Logger): void {
  breakers.on("stateChanged", ({ event: e }) => {
    const labels = breakerAlertLabels(e.name);
    // raised where it opened (an adopted open was raised on its own instance); resolved wherever it closes
    if (e.to === "open" && !e.remote) {
      alerts
        .raise({ labels, source: "breaker", severity: "critical", title: `Breaker ${e.name} opened (${e.reason})`, annotations: { summary: `Requests to ${e.name} are refused with 503 until it recovers`, reason: e.reason } })
        .catch((err: unknown) => log.error({ err }, "could not raise the breaker alert"));
    } else if (e.to === "closed" || e.to === "forced_closed") {
      alerts.clear(labels, `breaker ${e.to === "closed" ? "closed" : "forced closed"}`).catch((err: unknown) => log.error({ err }, "could not resolve the breaker alert"));
    }
  });
}

/** After each sample interval: raise while a bulkhead refused requests, resolve once it stopped. */
export function checkBulkheadAlerts(refusals: Map<string, { bulkheadRejected: number }>, alerts: AlertsService): void {
  for (const [name, c] of refusals) {
    const labels = bulkheadAlertLabels(name);
    if (c.bulkheadRejected > 0) {
      alerts
        .raise({ labels, source: "bulkhead", severity: "warning", title: `Bulkhead of ${name} is rejecting requests`, annotations: { summary: `${c.bulkheadRejected} request(s) refused in the last 10 s` } })
        .catch(() => undefined);
    } else if (alerts.isOpen(labels)) alerts.clear(labels, "no rejections in the last 10 s").catch(() => undefined);
  }
}
