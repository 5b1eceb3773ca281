// SLOs at run time: definitions in the database, one tracker per SLO fed by the gateway's
// outcomes, buckets written behind and reloaded at start (a restart loses no history), burn-rate
// alerts raised and cleared, and the service's breaker opened (reason slo_burn) while the page
// rule's windows burn faster than `tripBreakerOnBurnRate`.
import { randomUUID } from "node:crypto";
import { createSloTracker, type SloTracker, type SloStatus } from "@/lib/engine/slo/slo-tracker";
import { sloDefinitionSchema, type SloDefinition } from "@/lib/engine/slo/options";
import { classifySliAnswer } from "@/lib/engine/slo/sli";
import { UpstreamBurn } from "@/lib/engine/slo/upstream-burn";
import { shouldTripBreaker } from "@/lib/engine/slo/burn";
import type { TrafficOutcome } from "@/lib/contracts/traffic";
import { createRemoteBuckets, REMOTE_LOOKBACK_MS } from "./remote-buckets";
import type { SloDto, SloStatusDto } from "@/lib/contracts/slos";
import type { SlosRepo, SloRow } from "../persistence/repos/slos";
import type { AuditRecorder } from "../audit";
import type { Principal } from "../auth/principal";
import { notFound, validationFailed } from "../errors";
import type { Logger } from "../logger";
import type { AlertsService } from "../alerts/alerts-service";
import type { BreakerRegistry } from "../breakers/registry";
import type { ServerClock } from "../clock";

interface Entry {
  row: SloRow;
  def: SloDefinition;
  tracker: SloTracker;
  /** Burn over the answers that reached the upstream: what the breaker trip reads. */
  upstream: UpstreamBurn;
  last?: SloStatus;
}

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

export function createSloService(deps: SloServiceDeps) {
  const entries = new Map<string, Entry>();
  const remote = createRemoteBuckets(deps.instanceId);
  /** `prev`: the entry this one replaces, whose upstream burn stays when it measures the same. */
  const newEntry = (row: SloRow, def: SloDefinition, tracker: SloTracker, prev?: Entry): Entry => {
    const keep = prev && prev.def.objective === def.objective && prev.def.windowSeconds === def.windowSeconds;
    return { row, def, tracker, upstream: keep ? prev.upstream : new UpstreamBurn(def) };
  };
  const extraOf = (e: Entry, now: number) => ({ since: e.row.createdAt, upstream: e.upstream.rates(now) });
  const byService = new Map<string, Set<string>>();
  const now = () => deps.clock.now();
  const newTracker = (def: SloDefinition, snapshot?: unknown) => createSloTracker(def, { clock: deps.clock, ...(snapshot !== undefined ? { snapshot } : {}) });

  const index = (e: Entry) => {
    let set = byService.get(e.def.service);
    if (!set) byService.set(e.def.service, (set = new Set()));
    set.add(e.row.id);
  };
  const unindex = (e: Entry) => byService.get(e.def.service)?.delete(e.row.id);

  const labelsFor = (e: Entry, rule: "page" | "ticket") => ({ alertname: "SloBurnRate", source: "slo", slo: e.row.id, slo_name: e.def.name, service: e.def.service, rule });

  function dto(e: Entry): SloDto {
    // always the current figures (the periodic evaluation's copy may be up to 2 s old)
    const ev = e.tracker.evaluate(now(), { maxPoints: 2 });
    const { series: _series, ...status } = statusDto(ev.status, { page: false, ticket: false }, extraOf(e, now()));
    return {
      ...e.def,
      id: e.row.id,
      createdBy: e.row.createdBy,
      createdAt: e.row.createdAt.toISOString(),
      updatedAt: e.row.updatedAt.toISOString(),
      status: { ...status, alerts: { page: ev.alerts.page, ticket: ev.alerts.ticket } },
    };
  }

  function checkService(def: SloDefinition): void {
    if (!deps.serviceExists(def.service)) throw validationFailed([{ path: "service", message: `no service named '${def.service}'` }]);
  }

  async function loadTracker(row: SloRow, def: SloDefinition): Promise<SloTracker> {
    const tracker = newTracker(def);
    const rows = await deps.repo.buckets(row.id, new Date(now() - def.windowSeconds * 1000 - 120_000));
    remote.reset(row.id, rows, now());
    tracker.importBuckets(rows.map((r) => ({ resolution: r.resolution as "10s" | "1m", start: r.start.getTime(), good: r.good, total: r.total })));
    return tracker;
  }

  /** Writes closed buckets (or, with `all`, also the current partial ones: at shutdown, before an edit). */
  async function flush(all = false): Promise<void> {
    const at = now();
    const rows = [];
    for (const e of entries.values()) {
      for (const b of e.tracker.drainDirty(all ? {} : { before: at })) {
        rows.push({ sloId: e.row.id, instance: deps.instanceId, resolution: b.resolution, start: new Date(b.start), good: b.good, total: b.total });
      }
    }
    await deps.repo.addToBuckets(rows);
    if (deps.clustered) await absorbRemote(at);
  }

  /** Adds what the other instances counted since the last look: the status is the cluster's. */
  async function absorbRemote(now: number): Promise<void> {
    const increments = remote.absorb(await deps.repo.bucketsOfOthers(new Date(now - REMOTE_LOOKBACK_MS), deps.instanceId), now);
    for (const [id, rows] of increments) entries.get(id)?.tracker.importBuckets(rows);
  }

  return {
    async load(): Promise<void> {
      for (const row of await deps.repo.list()) {
        try {
          const def = sloDefinitionSchema.parse(JSON.parse(row.definition));
          const e = newEntry(row, def, await loadTracker(row, def));
          entries.set(row.id, e);
          index(e);
        } catch (err) {
          deps.log.error({ err, slo: row.id }, `stored SLO '${row.name}' is invalid and was not loaded`);
        }
      }
    },

    /** Called by the gateway for every answer it gave for a service (see `classifySliAnswer`). */
    record(service: string, outcome: TrafficOutcome, durationMs: number): void {
      const ids = byService.get(service);
      if (!ids || ids.size === 0) return;
      const at = now();
      for (const id of ids) {
        const e = entries.get(id);
        const ev = e && classifySliAnswer(e.def.sli, outcome, durationMs);
        if (!e || !ev) continue;
        e.tracker.recordCounts(ev.good ? 1 : 0, 1, at);
        if (ev.upstream) e.upstream.record(ev.good, at);
      }
    },

    /** Evaluates every SLO: statuses for the dashboards, burn alerts, breaker trips. */
    async evaluate(): Promise<void> {
      const at = now();
      for (const e of entries.values()) {
        const ev = e.tracker.evaluate(at, { seriesFrom: e.row.createdAt.getTime() });
        e.last = ev.status;
        const upstream = e.upstream.rates(at);
        deps.onStatus(e.row.id, statusDto(ev.status, { page: ev.alerts.page, ticket: ev.alerts.ticket }, { since: e.row.createdAt, upstream }));
        const ratio = ev.status.errorBudget.remainingRatio;
        const budgetLeft = ratio <= 0 ? "error budget exhausted" : `${Math.round(ratio * 1000) / 10} % of the error budget left`;
        for (const rule of ["page", "ticket"] as const) {
          const labels = labelsFor(e, rule);
          if (ev.alerts[rule]) {
            await deps.alerts.raise({
              labels,
              source: "slo",
              severity: rule === "page" ? "critical" : "warning",
              title: `${e.def.name}: error budget burning ${rule === "page" ? "fast" : "steadily"} (${Math.round(ev.status.burnRates[rule === "page" ? "1h" : "6h"] * 10) / 10}× the sustainable rate)`,
              annotations: { summary: budgetLeft, service: e.def.service },
            });
          } else if (deps.alerts.isOpen(labels)) {
            await deps.alerts.clear(labels, "burn rate back below the threshold");
          }
        }
        // the trip reads upstream outcomes only: the breaker's own refusals never keep it open
        if (shouldTripBreaker({ burnRates: { ...ev.status.burnRates, ...upstream } }, e.def.tripBreakerOnBurnRate)) {
          // only a closed breaker: a half-open one is already deciding on trial calls
          if (deps.breakers.guard(e.def.service)?.state === "closed") deps.breakers.trip(e.def.service, "slo_burn", { actor: `slo:${e.def.name}` });
        }
      }
    },

    flush,

    /** Another instance changed this SLO: take the database's version (live counters stay). */
    async reload(id: string): Promise<void> {
      const row = await deps.repo.find(id);
      const prev = entries.get(id);
      if (!row) {
        if (prev) {
          entries.delete(id);
          unindex(prev);
          remote.forget(id);
        }
        return;
      }
      const def = sloDefinitionSchema.parse(JSON.parse(row.definition));
      const same = prev && JSON.stringify(prev.def.sli) === JSON.stringify(def.sli) && prev.def.service === def.service;
      const tracker = same ? prev.tracker : await loadTracker(row, def);
      if (prev) unindex(prev);
      const e = newEntry(row, def, tracker, same ? prev : undefined);
      entries.set(id, e);
      index(e);
    },
    list(): SloDto[] {
      return [...entries.values()].map(dto).sort((a, b) => (a.status?.errorBudget.remainingRatio ?? 1) - (b.status?.errorBudget.remainingRatio ?? 1) || a.name.localeCompare(b.name));
    },
    get(id: string): SloDto {
      const e = entries.get(id);
      if (!e) throw notFound(`SLO '${id}'`);
      return dto(e);
    },
    status(id: string): SloStatusDto {
      const e = entries.get(id);
      if (!e) throw notFound(`SLO '${id}'`);
      const ev = e.tracker.evaluate(now(), { seriesFrom: e.row.createdAt.getTime() });
      return statusDto(ev.status, { page: ev.alerts.page, ticket: ev.alerts.ticket }, extraOf(e, now()));
    },
    async create(actor: Principal, def: SloDefinition): Promise<SloDto> {
      checkService(def);
      const row = await deps.repo.create({ id: randomUUID(), name: def.name, service: def.service, definition: JSON.stringify(def), createdBy: actor.username });
      const e = newEntry(row, def, newTracker(def));
      remote.reset(row.id, [], now());
      entries.set(row.id, e);
      index(e);
      await deps.audit.record({ actor: actor.username, action: "slo.create", target: `slo:${row.id}`, after: def });
      deps.onMutated?.(row.id);
      return dto(e);
    },
    async update(actor: Principal, id: string, def: SloDefinition): Promise<SloDto> {
      const prev = entries.get(id);
      if (!prev) throw notFound(`SLO '${id}'`);
      checkService(def);
      // the history stays meaningful when what is measured is unchanged
      const sameMeasure = JSON.stringify(prev.def.sli) === JSON.stringify(def.sli) && prev.def.service === def.service;
      const row = await deps.repo.update(id, { name: def.name, service: def.service, definition: JSON.stringify(def) }, { resetBuckets: !sameMeasure });
      let tracker: SloTracker;
      let leftovers: ReturnType<SloTracker["drainDirty"]> = [];
      if (sameMeasure) {
        await flush(true);
        // from here to the swap nothing awaits, so no event can land in the old tracker unseen
        try {
          tracker = newTracker(def, prev.tracker.toJSON());
        } catch {
          tracker = newTracker(def);
          tracker.importBuckets(prev.tracker.exportBuckets());
        }
        leftovers = prev.tracker.drainDirty();
      } else {
        tracker = newTracker(def);
        remote.reset(id, [], now());
      }
      unindex(prev);
      const e = newEntry(row, def, tracker, sameMeasure ? prev : undefined);
      entries.set(id, e);
      index(e);
      if (leftovers.length) {
        await deps.repo.addToBuckets(leftovers.map((b) => ({ sloId: id, instance: deps.instanceId, resolution: b.resolution, start: new Date(b.start), good: b.good, total: b.total })));
      }
      await deps.audit.record({
        actor: actor.username,
        action: "slo.update",
        target: `slo:${id}`,
        before: prev.def,
        after: def,
        ...(sameMeasure ? {} : { reason: "SLI or service changed: history restarted" }),
      });
      deps.onMutated?.(id);
      return dto(e);
    },
    async remove(actor: Principal, id: string): Promise<void> {
      const prev = entries.get(id);
      if (!prev) throw notFound(`SLO '${id}'`);
      await deps.repo.delete(id);
      entries.delete(id);
      unindex(prev);
      remote.forget(id);
      for (const rule of ["page", "ticket"] as const) {
        const labels = labelsFor(prev, rule);
        if (deps.alerts.isOpen(labels)) await deps.alerts.clear(labels, "SLO deleted");
      }
      await deps.audit.record({ actor: actor.username, action: "slo.delete", target: `slo:${id}`, before: prev.def });
      deps.onMutated?.(id);
    },
    budgets(): { name: string; remainingRatio: number }[] {
      return [...entries.values()].map((e) => ({ name: e.def.name, remainingRatio: (e.last ?? e.tracker.status(now(), { maxPoints: 2 })).errorBudget.remainingRatio }));
    },
    async prune(): Promise<void> {
      for (const e of entries.values()) await deps.repo.pruneBuckets(e.row.id, new Date(now() - e.def.windowSeconds * 1000 - 3_600_000));
    },
  };
}
export type SloService = ReturnType<typeof createSloService>;
