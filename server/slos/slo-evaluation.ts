// The periodic SLO evaluation: each SLO's status to the dashboards, its burn alerts, and the
// breaker trip on a fast upstream burn.
import type { SloStatusDto } from "@/lib/contracts/slos";
import type { AlertsService } from "../alerts/alerts-service";
import type { BreakerRegistry } from "../breakers/registry";
import { statusDto } from "./slo-dto";
import type { SloEntry } from "./slo-entries";
import { syncBurnAlerts } from "./slo-burn-alerts";
import { tripOnBurn } from "./slo-breaker-trip";

export interface SloEvaluationDeps {
  alerts: AlertsService;
  breakers: BreakerRegistry;
  onStatus: (id: string, status: SloStatusDto) => void;
}

export async function evaluateSlos(entries: Iterable<SloEntry>, at: number, deps: SloEvaluationDeps): Promise<void> {
  for (const e of entries) {
    const ev = e.tracker.evaluate(at, { seriesFrom: e.row.createdAt.getTime() });
    e.last = ev.status;
    const upstream = e.upstream.rates(at);
    deps.onStatus(e.row.id, statusDto(ev.status, { page: ev.alerts.page, ticket: ev.alerts.ticket }, { since: e.row.createdAt, upstream }));
    await syncBurnAlerts(deps.alerts, e, ev);
    // the trip reads upstream outcomes only: the breaker's own refusals never keep it open
    tripOnBurn(deps.breakers, e.def, { ...ev.status.burnRates, ...upstream });
  }
}
