"use client";
import { useEffect, useMemo } from "react";
import type { AlertDto } from "@/lib/contracts/alerts";
import type { SloDto, SloStatusDto } from "@/lib/contracts/slos";
import { api } from "./api";
import { useTopics } from "./hooks";
import { sortAlerts, useAlerts } from "./stores/alerts";
import { useSlos, type BurnPoint } from "./stores/slos";

type ListStatus = NonNullable<SloDto["status"]>;

/** Every SLO with its live status, sorted by remaining budget (least first). */
export function useLiveSlos(initial: SloDto[]): SloDto[] {
  useTopics(["slos"]);
  const statuses = useSlos((s) => s.statuses);
  return useMemo(() => {
    const rows = initial.map((slo) => {
      const live = statuses[slo.id];
      if (!live || (slo.status && Date.parse(slo.status.at) > Date.parse(live.at))) return slo;
      const { series: _series, ...status } = live;
      return { ...slo, status: status as ListStatus };
    });
    return rows.sort((a, b) => (a.status?.errorBudget.remainingRatio ?? 1) - (b.status?.errorBudget.remainingRatio ?? 1) || a.name.localeCompare(b.name));
  }, [initial, statuses]);
}

/** One SLO's full status (with series) and the burn-rate points seen live since the page loaded. */
export function useLiveSloStatus(id: string, initial: SloStatusDto): { status: SloStatusDto; points: BurnPoint[] } {
  const seed = useSlos((s) => s.seed);
  const update = useSlos((s) => s.update);
  useEffect(() => seed(id, initial), [seed, id, initial]);
  // after (re)subscribing, fetch the current status so nothing missed stays stale
  useTopics(["slos"], () => {
    api
      .get<SloStatusDto>(`/api/v1/slos/${encodeURIComponent(id)}/status`)
      .then((s) => update([{ id, status: s }]))
      .catch(() => undefined);
  });
  const live = useSlos((s) => s.statuses[id]);
  const pts = useSlos((s) => s.burnPoints[id]);
  const status = live && Date.parse(live.at) >= Date.parse(initial.at) ? live : initial;
  return { status, points: pts ?? [] };
}

/** Alerts, live, seeded with server-rendered rows. */
export function useLiveAlerts(initial: AlertDto[]): AlertDto[] {
  const seed = useAlerts((s) => s.seed);
  useEffect(() => seed(initial), [seed, initial]);
  const byId = useAlerts((s) => s.byId);
  const seq = useAlerts((s) => s.seq);
  return useMemo(() => {
    if (seq === 0 && Object.keys(byId).length === 0) return sortAlerts(initial);
    return sortAlerts(Object.values(byId));
  }, [byId, seq, initial]);
}

export function useLiveAlert(initial: AlertDto): AlertDto {
  const seed = useAlerts((s) => s.seed);
  useEffect(() => seed([initial]), [seed, initial]);
  return useAlerts((s) => s.byId[initial.id]) ?? initial;
}
