// Live resilience state (breakers, bulkheads, recent transitions), fed only by socket events:
// `snapshot` replaces everything, `breaker:state` / `breaker:stats` / `bulkhead:stats` patch it.
// Pages seed it with their server-rendered data (see useLiveBreakers / useLiveBulkheads).
import { create } from "zustand";
import { compareBreakers, type BreakerDto, type BreakerStateName, type BreakerTransitionDto, type BulkheadDto } from "@/lib/contracts/breakers";
import type { BreakerStatePayload } from "@/lib/contracts/realtime";
import { without } from "./without";

export interface LiveBulkheadPoint {
  t: number;
  active: number;
  queued: number;
  rejected: number;
  /** The concurrency limit in force (moves on an adaptive bulkhead). */
  limit: number;
}

const MAX_TRANSITIONS = 100;
const MAX_LIVE_POINTS = 600;

interface LiveState {
  /** 0 until the first snapshot arrived. */
  seq: number;
  breakers: Record<string, BreakerDto>;
  bulkheads: Record<string, BulkheadDto>;
  /** Transitions seen live since the page loaded, newest first. */
  transitions: BreakerTransitionDto[];
  /** Live bulkhead points (from bulkhead:stats), oldest first, per service. */
  bulkheadPoints: Record<string, LiveBulkheadPoint[]>;
  /** Server clock minus local clock, ms (from the snapshot), for countdowns. */
  clockSkewMs: number;
  setSnapshot(s: { serverTime?: string; breakers?: BreakerDto[]; bulkheads?: BulkheadDto[] }): void;
  seed(breakers?: BreakerDto[], bulkheads?: BulkheadDto[]): void;
  breakerState(e: BreakerStatePayload): void;
  breakerStats(list: BreakerDto[]): void;
  bulkheadStats(list: BulkheadDto[], at?: string): void;
  removeService(name: string): void;
  /** The full list from the API (after a service was added, changed or removed). */
  replaceBreakers(list: BreakerDto[]): void;
}

const byName = (list: BreakerDto[]) => Object.fromEntries(list.map((b) => [b.name, b]));
const byService = (list: BulkheadDto[]) => Object.fromEntries(list.map((b) => [b.service, b]));
let transitionSeq = 0;

export const useLive = create<LiveState>()((set) => ({
  seq: 0,
  breakers: {},
  bulkheads: {},
  transitions: [],
  bulkheadPoints: {},
  clockSkewMs: 0,
  setSnapshot: (s) =>
    set((st) => ({
      seq: st.seq + 1,
      breakers: s.breakers ? byName(s.breakers) : st.breakers,
      bulkheads: s.bulkheads ? byService(s.bulkheads) : st.bulkheads,
      clockSkewMs: s.serverTime ? Date.parse(s.serverTime) - Date.now() : st.clockSkewMs,
    })),
  seed: (breakers, bulkheads) =>
    set((st) => {
      let b = st.breakers;
      for (const x of breakers ?? []) {
        const cur = b[x.name];
        if (!cur || Date.parse(cur.updatedAt) < Date.parse(x.updatedAt)) b = { ...b, [x.name]: x };
      }
      let h = st.bulkheads;
      for (const x of bulkheads ?? []) if (!h[x.service]) h = { ...h, [x.service]: x };
      return b === st.breakers && h === st.bulkheads ? st : { breakers: b, bulkheads: h };
    }),
  breakerState: (e) =>
    set((st) => {
      const cur = st.breakers[e.name];
      const next: BreakerDto | undefined =
        e.breaker ??
        (cur
          ? {
              ...cur,
              state: e.to,
              override: e.to === "forced_open" || e.to === "forced_closed" ? cur.override : undefined,
              openedAt: e.to === "open" ? e.at : cur.openedAt,
              halfOpenAt: e.halfOpenAt,
              updatedAt: e.at,
            }
          : undefined);
      const row: BreakerTransitionDto = { id: `live:${++transitionSeq}`, name: e.name, from: e.from, to: e.to, reason: e.reason, actor: e.actor ?? null, at: e.at };
      return {
        breakers: next ? { ...st.breakers, [e.name]: next } : st.breakers,
        transitions: [row, ...st.transitions].slice(0, MAX_TRANSITIONS),
      };
    }),
  breakerStats: (list) =>
    set((st) => {
      const b = { ...st.breakers };
      for (const x of list) {
        const cur = b[x.name];
        // a stats frame never undoes a newer transition
        if (cur && Date.parse(cur.updatedAt) > Date.parse(x.updatedAt) && cur.state !== x.state) continue;
        b[x.name] = x;
      }
      return { breakers: b };
    }),
  bulkheadStats: (list, at) =>
    set((st) => {
      const h = { ...st.bulkheads };
      const pts = { ...st.bulkheadPoints };
      const t = at ? Date.parse(at) : Date.now();
      for (const x of list) {
        h[x.service] = x;
        pts[x.service] = [...(pts[x.service] ?? []), { t, active: x.active, queued: x.queued, rejected: x.rejected, limit: x.limit }].slice(-MAX_LIVE_POINTS);
      }
      return { bulkheads: h, bulkheadPoints: pts };
    }),
  replaceBreakers: (list) => set({ breakers: byName(list) }),
  removeService: (name) => set((st) => without(st, name, ["breakers", "bulkheads"])),
}));

export function sortBreakers(list: BreakerDto[]): BreakerDto[] {
  return [...list].sort(compareBreakers);
}

export function isOpenState(s: BreakerStateName): boolean {
  return s === "open" || s === "forced_open";
}
