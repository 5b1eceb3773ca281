// SLO definitions: loaded at start, created, edited and deleted by operators (audited, shared with
// the other instances), reloaded when another instance changed one. An edit that still measures
// the same events keeps the tracker's history; one that changes the SLI or service restarts it.
import { randomUUID } from "node:crypto";
import type { SloTracker } from "@/lib/engine/slo/slo-tracker";
import { sloDefinitionSchema, type SloDefinition } from "@/lib/engine/slo/options";
import type { SloDto } from "@/lib/contracts/slos";
import type { SlosRepo } from "../persistence/repos/slos";
import type { AuditRecorder } from "../audit";
import type { Principal } from "../auth/principal";
import { validationFailed } from "../errors";
import type { Logger } from "../logger";
import type { AlertsService } from "../alerts/alerts-service";
import type { ServerClock } from "../clock";
import { measuresSame, newEntry, newTracker, type SloEntries, type SloEntry } from "./slo-entries";
import type { SloBuckets } from "./slo-buckets";
import { clearBurnAlerts } from "./slo-burn-alerts";
import { sloDto } from "./slo-dto";

export interface SloDefinitionsDeps {
  repo: SlosRepo;
  audit: AuditRecorder;
  log: Logger;
  alerts: AlertsService;
  clock: ServerClock;
  entries: SloEntries;
  buckets: SloBuckets;
  serviceExists: (name: string) => boolean;
  /** A create, edit or delete made here: other instances must reload it. */
  onMutated?: (id: string) => void;
}

/** The edited SLO's tracker carrying the old one's state, and what the old one counted since its last flush. */
async function carryOver(prev: SloEntry, def: SloDefinition, deps: SloDefinitionsDeps): Promise<{ tracker: SloTracker; leftovers: ReturnType<SloTracker["drainDirty"]> }> {
  await deps.buckets.flush(true);
  // from here to the swap nothing awaits, so no event can land in the old tracker unseen
  let tracker: SloTracker;
  try {
    tracker = newTracker(deps.clock, def, prev.tracker.toJSON());
  } catch {
    tracker = newTracker(deps.clock, def);
    tracker.importBuckets(prev.tracker.exportBuckets());
  }
  return { tracker, leftovers: prev.tracker.drainDirty() };
}

export function createSloDefinitions(deps: SloDefinitionsDeps) {
  const { entries, buckets } = deps;
  const now = () => deps.clock.now();
  const checkService = (def: SloDefinition) => {
    if (!deps.serviceExists(def.service)) throw validationFailed([{ path: "service", message: `no service named '${def.service}'` }]);
  };

  return {
    async load(): Promise<void> {
      for (const row of await deps.repo.list()) {
        try {
          const def = sloDefinitionSchema.parse(JSON.parse(row.definition));
          entries.put(newEntry(row, def, await buckets.loadTracker(row, def)));
        } catch (err) {
          deps.log.error({ err, slo: row.id }, `stored SLO '${row.name}' is invalid and was not loaded`);
        }
      }
    },
    /** Another instance changed this SLO: take the database's version (live counters stay). */
    async reload(id: string): Promise<void> {
      const row = await deps.repo.find(id);
      const prev = entries.get(id);
      if (!row) {
        if (entries.remove(id)) buckets.forget(id);
        return;
      }
      const def = sloDefinitionSchema.parse(JSON.parse(row.definition));
      const same = prev && measuresSame(prev.def, def);
      entries.put(newEntry(row, def, same ? prev.tracker : await buckets.loadTracker(row, def), same ? prev : undefined));
    },
    async create(actor: Principal, def: SloDefinition): Promise<SloDto> {
      checkService(def);
      const row = await deps.repo.create({ id: randomUUID(), name: def.name, service: def.service, definition: JSON.stringify(def), createdBy: actor.username });
      const e = newEntry(row, def, newTracker(deps.clock, def));
      buckets.restart(row.id);
      entries.put(e);
      await deps.audit.record({ actor: actor.username, action: "slo.create", target: `slo:${row.id}`, after: def });
      deps.onMutated?.(row.id);
      return sloDto(e, now());
    },
    async update(actor: Principal, id: string, def: SloDefinition): Promise<SloDto> {
      const prev = entries.existing(id);
      checkService(def);
      // the history stays meaningful when what is measured is unchanged
      const same = measuresSame(prev.def, def);
      const row = await deps.repo.update(id, { name: def.name, service: def.service, definition: JSON.stringify(def) }, { resetBuckets: !same });
      const { tracker, leftovers } = same ? await carryOver(prev, def, deps) : { tracker: newTracker(deps.clock, def), leftovers: [] };
      if (!same) buckets.restart(id);
      const e = newEntry(row, def, tracker, same ? prev : undefined);
      entries.put(e);
      await buckets.write(id, leftovers);
      await deps.audit.record({ actor: actor.username, action: "slo.update", target: `slo:${id}`, before: prev.def, after: def, ...(same ? {} : { reason: "SLI or service changed: history restarted" }) });
      deps.onMutated?.(id);
      return sloDto(e, now());
    },
    async remove(actor: Principal, id: string): Promise<void> {
      const prev = entries.existing(id);
      await deps.repo.delete(id);
      entries.remove(id);
      buckets.forget(id);
      await clearBurnAlerts(deps.alerts, prev, "SLO deleted");
      await deps.audit.record({ actor: actor.username, action: "slo.delete", target: `slo:${id}`, before: prev.def });
      deps.onMutated?.(id);
    },
  };
}
