// SLOs at run time: definitions in the database (slo-definitions.ts), one tracker per SLO fed by
// the gateway's outcomes (slo-entries.ts), buckets written behind and reloaded at start, so a restart
// loses no history (slo-buckets.ts), and a periodic evaluation (slo-evaluation.ts) that raises and
// clears burn-rate alerts and opens the service's breaker (reason slo_burn) while the page rule's
// windows burn faster than `tripBreakerOnBurnRate`.
import { classifySliAnswer } from "@/lib/engine/slo/sli";
import type { TrafficOutcome } from "@/lib/contracts/traffic";
import type { SloDto, SloStatusDto } from "@/lib/contracts/slos";
import type { SlosRepo } from "../persistence/repos/slos";
import type { AuditRecorder } from "../audit";
import type { Logger } from "../logger";
import type { AlertsService } from "../alerts/alerts-service";
import type { BreakerRegistry } from "../breakers/registry";
import type { ServerClock } from "../clock";
import { createSloEntries } from "./slo-entries";
import { createSloBuckets } from "./slo-buckets";
import { createSloDefinitions } from "./slo-definitions";
import { entryStatus, sloDto } from "./slo-dto";
import { evaluateSlos } from "./slo-evaluation";

export { statusDto } from "./slo-dto";

export interface SloServiceDeps {
  repo: SlosRepo;
  audit: AuditRecorder;
  log: Logger;
  alerts: AlertsService;
  /** Opens the service's breaker while the SLO burns past `tripBreakerOnBurnRate`. */
  breakers: BreakerRegistry;
  instanceId: string;
  /** Bucket times, burn windows and evaluations run on it. */
  clock: ServerClock;
  serviceExists: (name: string) => boolean;
  onStatus: (id: string, status: SloStatusDto) => void;
  /** A create, edit or delete made here: other instances must reload it. */
  onMutated?: (id: string) => void;
  /** Cluster mode: other instances' bucket rows are added after every flush. */
  clustered?: boolean;
}

export function createSloService(deps: SloServiceDeps) {
  const now = () => deps.clock.now();
  const entries = createSloEntries();
  const buckets = createSloBuckets({ repo: deps.repo, instanceId: deps.instanceId, clock: deps.clock, entries, ...(deps.clustered ? { clustered: true } : {}) });
  const definitions = createSloDefinitions({ ...deps, entries, buckets });

  return {
    load: definitions.load,

    /** Called by the gateway for every answer it gave for a service (see `classifySliAnswer`). */
    record(service: string, outcome: TrafficOutcome, durationMs: number): void {
      const list = entries.ofService(service);
      if (list.length === 0) return;
      const at = now();
      for (const e of list) {
        const ev = classifySliAnswer(e.def.sli, outcome, durationMs);
        if (!ev) continue;
        e.tracker.recordCounts(ev.good ? 1 : 0, 1, at);
        if (ev.upstream) e.upstream.record(ev.good, at);
      }
    },

    /** Evaluates every SLO: statuses for the dashboards, burn alerts, breaker trips. */
    evaluate: (): Promise<void> => evaluateSlos(entries.all(), now(), deps),
    flush: buckets.flush,
    reload: definitions.reload,
    list(): SloDto[] {
      return [...entries.all()].map((e) => sloDto(e, now())).sort((a, b) => (a.status?.errorBudget.remainingRatio ?? 1) - (b.status?.errorBudget.remainingRatio ?? 1) || a.name.localeCompare(b.name));
    },
    get: (id: string): SloDto => sloDto(entries.existing(id), now()),
    /** The SLO's name without evaluating it; undefined when unknown (or deleted). */
    name: (id: string): string | undefined => entries.get(id)?.def.name,
    status: (id: string): SloStatusDto => entryStatus(entries.existing(id), now()),
    create: definitions.create,
    update: definitions.update,
    remove: definitions.remove,
    budgets(): { name: string; remainingRatio: number }[] {
      return [...entries.all()].map((e) => ({ name: e.def.name, remainingRatio: (e.last ?? e.tracker.status(now(), { maxPoints: 2 })).errorBudget.remainingRatio }));
    },
    prune: buckets.prune,
  };
}
export type SloService = ReturnType<typeof createSloService>;
