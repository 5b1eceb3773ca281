// Chaos experiments as the dashboard knows them: from GET /api/v1/experiments(/{id}) and the
// `experiment:updated` event (sent to every client). Status only moves forward (scheduled →
// running → ended), so a late response never brings a stopped experiment back to life.
import { create } from "zustand";
import type { ExperimentDto } from "@/lib/contracts/experiments";

export type ExperimentStatus = ExperimentDto["status"];

const RANK: Record<ExperimentStatus, number> = { scheduled: 0, running: 1, completed: 2, stopped: 2, aborted: 2 };

export const isActive = (s: ExperimentStatus) => s === "scheduled" || s === "running";

interface ExperimentsState {
  byId: Record<string, ExperimentDto>;
  /** Add or refresh experiments; a copy with an earlier status than the known one is ignored. */
  upsert(list: ExperimentDto[]): void;
  /**
   * The complete list of active experiments (a fresh GET ?status=running,scheduled): active ones
   * the store holds that are not in it ended while we were not listening, and are dropped.
   */
  syncActive(list: ExperimentDto[]): void;
}

function merge(cur: Record<string, ExperimentDto>, list: ExperimentDto[]): Record<string, ExperimentDto> {
  let next = cur;
  for (const e of list) {
    const known = next[e.id];
    if (known && RANK[known.status] > RANK[e.status]) continue;
    if (next === cur) next = { ...cur };
    next[e.id] = e;
  }
  return next;
}

export const useExperiments = create<ExperimentsState>()((set) => ({
  byId: {},
  upsert: (list) => set((st) => ({ byId: merge(st.byId, list) })),
  syncActive: (list) =>
    set((st) => {
      const ids = new Set(list.map((e) => e.id));
      const kept = Object.fromEntries(Object.entries(st.byId).filter(([id, e]) => ids.has(id) || !isActive(e.status)));
      return { byId: merge(kept, list) };
    }),
}));

/** When a running experiment ends by its duration (epoch ms), or null when it has not started. */
export function plannedEnd(e: Pick<ExperimentDto, "startedAt" | "durationSeconds">): number | null {
  return e.startedAt ? Date.parse(e.startedAt) + e.durationSeconds * 1000 : null;
}
