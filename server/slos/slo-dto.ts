// SLOs and their statuses as the API and the dashboards see them.
import type { SloStatus } from "@/lib/engine/slo/slo-tracker";
import type { SloDto, SloStatusDto } from "@/lib/contracts/slos";
import type { SloEntry } from "./slo-entries";

const iso = (ms: number) => new Date(ms).toISOString();

export function statusDto(s: SloStatus, alerts: { page: boolean; ticket: boolean }, extra: { since?: Date; upstream?: { "5m": number; "1h": number } } = {}): SloStatusDto {
  // nothing was measured before the SLO existed: the charts start at its creation
  const since = extra.since?.getTime() ?? 0;
  const series = s.series.filter((p, i) => p.t >= since || s.series[i + 1] === undefined || s.series[i + 1]!.t > since);
  return {
    sli: s.sli,
    objective: s.objective,
    events: s.events,
    errorBudget: s.errorBudget,
    burnRates: s.burnRates,
    lookbacks: s.lookbacks,
    alerts,
    ...(s.exhaustsAt !== undefined ? { exhaustsAt: iso(s.exhaustsAt) } : {}),
    series: series.map((p) => ({ t: iso(Math.max(p.t, Math.min(since, s.at))), sli: p.sli, remainingRatio: p.remainingRatio, burnRate: p.burnRate })),
    at: iso(s.at),
    ...(extra.since ? { since: extra.since.toISOString() } : {}),
    ...(extra.upstream ? { upstreamBurnRates: extra.upstream } : {}),
  };
}

/** The SLO's status now, with its chart series from its creation on. */
export function entryStatus(e: SloEntry, now: number): SloStatusDto {
  const ev = e.tracker.evaluate(now, { seriesFrom: e.row.createdAt.getTime() });
  return statusDto(ev.status, { page: ev.alerts.page, ticket: ev.alerts.ticket }, { since: e.row.createdAt, upstream: e.upstream.rates(now) });
}

export function sloDto(e: SloEntry, now: number): SloDto {
  // always the current figures (the periodic evaluation's copy may be up to 2 s old)
  const ev = e.tracker.evaluate(now, { maxPoints: 2 });
  const { series: _series, ...status } = statusDto(ev.status, { page: false, ticket: false }, { since: e.row.createdAt, upstream: e.upstream.rates(now) });
  return {
    ...e.def,
    id: e.row.id,
    createdBy: e.row.createdBy,
    createdAt: e.row.createdAt.toISOString(),
    updatedAt: e.row.updatedAt.toISOString(),
    status: { ...status, alerts: { page: ev.alerts.page, ticket: ev.alerts.ticket } },
  };
}
