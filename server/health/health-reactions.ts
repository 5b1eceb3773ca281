// What a check's status means for the rest of Breakwater: an unhealthy check raises the health alert
// and holds its service's breaker open; a healthy one resolves the alert and lets the breaker try
// again (unless another check of the service still fails). Breakers change only through the registry.
import type { AlertsService } from "../alerts/alerts-service";
import { healthAlertLabels } from "../alerts/sources";
import type { BreakerRegistry } from "../breakers/registry";
import type { Logger } from "../logger";
import type { CheckState, HealthStatus } from "./check-state";
import type { CheckResult } from "./types";

export interface HealthReactionsDeps {
  alerts: AlertsService;
  breakers: BreakerRegistry;
  log: Logger;
  /** Whether another check of this check's service is unhealthy. */
  othersFailing: (s: CheckState) => boolean;
}

export function createHealthReactions(deps: HealthReactionsDeps) {
  const actor = (s: CheckState) => `health:${s.row.protocol}`;
  return {
    /** The check crossed a threshold: log, alert, and on recovery let the breaker try again. */
    statusChanged(s: CheckState, from: HealthStatus, to: "healthy" | "unhealthy", result: CheckResult): void {
      const labels = healthAlertLabels(s.row.id, s.row.service);
      deps.log.info({ check: s.row.id, service: s.row.service, from, to, detail: result.detail }, `health check of ${s.row.service} (${s.row.protocol}) is ${to}`);
      if (to === "unhealthy") {
        void deps.alerts
          .raise({ labels, source: "health", severity: "critical", title: `Health check of ${s.row.service} failing (${s.row.protocol} ${s.row.target})`, annotations: { summary: result.detail, service: s.row.service } })
          .catch((err: unknown) => deps.log.error({ err }, "could not raise the health alert"));
      } else {
        void deps.alerts.clear(labels, `healthy again: ${result.detail}`).catch((err: unknown) => deps.log.error({ err }, "could not resolve the health alert"));
        // let the breaker try again, unless another check of the same service still fails
        if (!deps.othersFailing(s)) deps.breakers.allowHalfOpen(s.row.service, { actor: actor(s), reason: "health_recovered" });
      }
    },
    /** After every result of an unhealthy check: keep the breaker open (a half-open breaker would send trial calls to a dead upstream). */
    holdOpen(s: CheckState): void {
      // (an operator's override stays as it is: trip() leaves forced states alone)
      deps.breakers.trip(s.row.service, "health_check_failed", { actor: actor(s), hold: true });
    },
    /** The check was deleted: its alert resolves. */
    async deleted(id: string, service: string): Promise<void> {
      const labels = healthAlertLabels(id, service);
      if (deps.alerts.isOpen(labels)) await deps.alerts.clear(labels, "health check deleted");
    },
  };
}
