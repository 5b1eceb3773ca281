// Live SLO statuses from `slo:status` (room "slos", every 2 s), and the burn-rate history the
// dashboard accumulates from them: the status carries current burn rates only, so each event
// adds one point per SLO.
import { create } from "zustand";
import type { SloStatusDto } from "@/lib/contracts/slos";
import { without } from "./without";

export type BurnWindowKey = "5m" | "30m" | "1h" | "6h" | "1d" | "3d";
export const BURN_WINDOW_KEYS: BurnWindowKey[] = ["5m", "30m", "1h", "6h", "1d", "3d"];

export interface BurnPoint {
  t: number;
  "5m": number;
  "30m": number;
  "1h": number;
  "6h": number;
  "1d": number;
  "3d": number;
}

const MAX_POINTS = 900; // 30 min at one point per 2 s

interface SlosState {
  statuses: Record<string, SloStatusDto>;
  burnPoints: Record<string, BurnPoint[]>;
  update(list: Array<{ id: string; status: SloStatusDto }>): void;
  seed(id: string, status: SloStatusDto): void;
  remove(id: string): void;
}

function point(s: SloStatusDto): BurnPoint {
  return { t: Date.parse(s.at), ...s.burnRates };
}

export const useSlos = create<SlosState>()((set) => ({
  statuses: {},
  burnPoints: {},
  update: (list) =>
    set((st) => {
      const statuses = { ...st.statuses };
      const burnPoints = { ...st.burnPoints };
      for (const { id, status } of list) {
        const cur = statuses[id];
        if (cur && Date.parse(cur.at) > Date.parse(status.at)) continue;
        statuses[id] = status;
        const pts = burnPoints[id] ?? [];
        const p = point(status);
        burnPoints[id] = pts.length && pts[pts.length - 1]!.t >= p.t ? pts : [...pts, p].slice(-MAX_POINTS);
      }
      return { statuses, burnPoints };
    }),
  seed: (id, status) =>
    set((st) => {
      if (st.statuses[id]) return st;
      return { statuses: { ...st.statuses, [id]: status }, burnPoints: { ...st.burnPoints, [id]: st.burnPoints[id] ?? [point(status)] } };
    }),
  remove: (id) => set((st) => without(st, id, ["statuses", "burnPoints"])),
}));
