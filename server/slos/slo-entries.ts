// The SLOs held in memory: one entry per SLO (its stored row, definition, tracker and upstream
// burn), indexed by service so the gateway's outcomes reach the SLOs that measure that service.
import { createSloTracker, type SloTracker, type SloStatus } from "@/lib/engine/slo/slo-tracker";
import type { SloDefinition } from "@/lib/engine/slo/options";
import { UpstreamBurn } from "@/lib/engine/slo/upstream-burn";
import type { SloRow } from "../persistence/repos/slos";
import type { ServerClock } from "../clock";
import { notFound } from "../errors";

export interface SloEntry {
  row: SloRow;
  def: SloDefinition;
  tracker: SloTracker;
  /** Burn over the answers that reached the upstream: what the breaker trip reads. */
  upstream: UpstreamBurn;
  /** The last periodic evaluation's status. */
  last?: SloStatus;
}

/** `prev`: the entry this one replaces, whose upstream burn stays when it measures the same. */
export function newEntry(row: SloRow, def: SloDefinition, tracker: SloTracker, prev?: SloEntry): SloEntry {
  const keep = prev && prev.def.objective === def.objective && prev.def.windowSeconds === def.windowSeconds;
  return { row, def, tracker, upstream: keep ? prev.upstream : new UpstreamBurn(def) };
}

/** Whether two definitions measure the same events (then the history stays meaningful). */
export const measuresSame = (a: SloDefinition, b: SloDefinition) => JSON.stringify(a.sli) === JSON.stringify(b.sli) && a.service === b.service;

export const newTracker = (clock: ServerClock, def: SloDefinition, snapshot?: unknown) => createSloTracker(def, { clock, ...(snapshot !== undefined ? { snapshot } : {}) });

export function createSloEntries() {
  const entries = new Map<string, SloEntry>();
  const byService = new Map<string, Set<string>>();
  const unindex = (e: SloEntry) => byService.get(e.def.service)?.delete(e.row.id);

  return {
    get: (id: string): SloEntry | undefined => entries.get(id),
    /** The entry, or a 404. */
    existing(id: string): SloEntry {
      const e = entries.get(id);
      if (!e) throw notFound(`SLO '${id}'`);
      return e;
    },
    all: (): Iterable<SloEntry> => entries.values(),
    /** Calls `fn` for every SLO of this service. */
    forService(service: string, fn: (e: SloEntry) => void): void {
      const ids = byService.get(service);
      if (!ids || ids.size === 0) return;
      for (const id of ids) {
        const e = entries.get(id);
        if (e) fn(e);
      }
    },
    /** Adds an entry or replaces the one with its id. */
    put(e: SloEntry): void {
      const prev = entries.get(e.row.id);
      if (prev) unindex(prev);
      entries.set(e.row.id, e);
      let set = byService.get(e.def.service);
      if (!set) byService.set(e.def.service, (set = new Set()));
      set.add(e.row.id);
    },
    /** Drops an entry; the dropped one, if any. */
    remove(id: string): SloEntry | undefined {
      const prev = entries.get(id);
      if (!prev) return undefined;
      entries.delete(id);
      unindex(prev);
      return prev;
    },
  };
}
export type SloEntries = ReturnType<typeof createSloEntries>;
