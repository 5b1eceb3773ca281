// Live health-check results from `health:result` (room "health", at most 4/s): the latest status,
// result and error per check, plus the results seen since the page loaded (for the latency chart).
import { create } from "zustand";
import type { HealthResultEventDto } from "@/lib/contracts/realtime";
import type { HealthCheckDto, HealthResultDto } from "@/lib/contracts/health";
import { without } from "./without";

export type HealthStatus = HealthCheckDto["status"];

export interface HealthLive {
  status: HealthStatus;
  since: string | null;
  last: HealthResultDto | null;
  lastError: string | null;
}

export type HealthResultEvent = HealthResultEventDto;

const MAX_POINTS = 600;

interface HealthState {
  live: Record<string, HealthLive>;
  /** Results seen live, oldest first, per check. */
  points: Record<string, HealthResultDto[]>;
  seed(list: HealthCheckDto[]): void;
  apply(results: HealthResultEvent[]): void;
  remove(id: string): void;
}

const newer = (a: HealthResultDto | null | undefined, b: HealthResultDto | null | undefined) => Boolean(a && (!b || Date.parse(a.at) > Date.parse(b.at)));

export const useHealth = create<HealthState>()((set) => ({
  live: {},
  points: {},
  seed: (list) =>
    set((st) => {
      let live = st.live;
      for (const c of list) {
        const cur = live[c.id];
        if (cur && !newer(c.last, cur.last)) continue;
        live = { ...live, [c.id]: { status: c.status, since: c.since, last: c.last, lastError: c.lastError } };
      }
      return live === st.live ? st : { live };
    }),
  apply: (results) =>
    set((st) => {
      const live = { ...st.live };
      const points = { ...st.points };
      for (const r of results) {
        if (!r?.id || !r.result) continue;
        const cur = live[r.id];
        if (cur?.last && Date.parse(cur.last.at) >= Date.parse(r.result.at)) continue;
        live[r.id] = {
          status: r.status,
          since: cur && cur.status === r.status ? cur.since : cur ? r.result.at : null,
          last: r.result,
          lastError: r.result.healthy ? (cur?.lastError ?? null) : r.result.detail,
        };
        points[r.id] = [...(points[r.id] ?? []), r.result].slice(-MAX_POINTS);
      }
      return { live, points };
    }),
  remove: (id) => set((st) => without(st, id, ["live", "points"])),
}));

/** The check with its live status laid over the server-rendered one. */
export function overlay(c: HealthCheckDto, l: HealthLive | undefined): HealthCheckDto {
  if (!l || (c.last && !newer(l.last, c.last) && l.last?.at !== c.last.at)) return c;
  const since = l.since ?? (l.status === c.status ? c.since : (l.last?.at ?? c.since));
  return { ...c, status: l.status, since, last: l.last ?? c.last, lastError: l.lastError ?? c.lastError };
}
