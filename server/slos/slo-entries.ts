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
  /** The entries of each service, as an array: the gateway reads it on every answer. */
  const byService = new Map<string, SloEntry[]>();
  const unindex = (e: SloEntry) => {
    const list = byService.get(e.def.service)?.filter((x) => x !== e);
    if (list?.length) byService.set(e.def.service, list);
    else byService.delete(e.def.service);
  };
  const none: readonly SloEntry[] = [];

  return {
    get: (id: string): SloEntry | undefined => entries.get(id),
    /** The entry, or a 404. */
    existing(id: string): SloEntry {
      const e = entries.get(id);
      if (!e) throw notFound(`SLO '${id}'`);
      return e;
    },
    all: (): Iterable<SloEntry> => entries.values(),
    /** Every SLO of this service (a new array after each change: safe to iterate while one happens). */
    ofService: (service: string): readonly SloEntry[] => byService.get(service) ?? none,
    /** Adds an entry or replaces the one with its id. */
    put(e: SloEntry): void {
      const prev = entries.get(e.row.id);
      if (prev) unindex(prev);
      entries.set(e.row.id, e);
      byService.set(e.def.service, [...(byService.get(e.def.service) ?? []), e]);
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
