// The SLO burn-rate alerts: page (critical) and ticket (warning), raised while the rule's windows
// burn and cleared once they cool down or the SLO is deleted.
import type { SloEvaluation } from "@/lib/engine/slo/slo-tracker";
import type { AlertsService } from "../alerts/alerts-service";
import type { SloEntry } from "./slo-entries";

const RULES = ["page", "ticket"] as const;
const labelsFor = (e: SloEntry, rule: "page" | "ticket") => ({ alertname: "SloBurnRate", source: "slo", slo: e.row.id, slo_name: e.def.name, service: e.def.service, rule });

/** Raises the rules that fire in this evaluation, clears the open ones that stopped. */
export async function syncBurnAlerts(alerts: AlertsService, e: SloEntry, ev: SloEvaluation): Promise<void> {
  const ratio = ev.status.errorBudget.remainingRatio;
  const budgetLeft = ratio <= 0 ? "error budget exhausted" : `${Math.round(ratio * 1000) / 10} % of the error budget left`;
  for (const rule of RULES) {
    const labels = labelsFor(e, rule);
    if (ev.alerts[rule]) {
      await alerts.raise({
        labels,
        source: "slo",
        severity: rule === "page" ? "critical" : "warning",
        title: `${e.def.name}: error budget burning ${rule === "page" ? "fast" : "steadily"} (${Math.round(ev.status.burnRates[rule === "page" ? "1h" : "6h"] * 10) / 10}× the sustainable rate)`,
        annotations: { summary: budgetLeft, service: e.def.service },
      });
    } else if (alerts.isOpen(labels)) {
      await alerts.clear(labels, "burn rate back below the threshold");
    }
  }
}

/** Clears the SLO's open burn alerts (it was deleted). */
export async function clearBurnAlerts(alerts: AlertsService, e: SloEntry, comment: string): Promise<void> {
  for (const rule of RULES) {
    const labels = labelsFor(e, rule);
    if (alerts.isOpen(labels)) await alerts.clear(labels, comment);
  }
}
