// Breakers and bulkheads as the API and dashboard see them, and the operator actions on breakers
// (force, lift, reset), each audited and persisted at once.
import { compareBreakers, type BreakerDto, type BreakerTransitionDto, type BulkheadDto, type ForceRequest } from "@/lib/contracts/breakers";
import type { BreakerStatus } from "@/lib/engine/breaker/types";
import type { Gateway } from "../gateway/gateway";
import type { ServiceGateway } from "../gateway/service-gateway";
import type { AuditRecorder } from "../audit";
import type { Principal } from "../auth/principal";
import type { BreakerHistoryRepo, TransitionRow } from "../persistence/repos/breaker-history";
import { notFound } from "../errors";

/** The Date range (±8.64e15 ms): beyond it `toISOString()` throws, which must never fail a page. */
const MAX_DATE_MS = 8.64e15;

/** An ISO time that cannot throw: an out-of-range time is shown at the end of the Date range. */
export function safeIso(ms: number): string {
  const t = Number.isNaN(ms) ? 0 : Math.max(-MAX_DATE_MS, Math.min(MAX_DATE_MS, ms));
  return new Date(t).toISOString();
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : safeIso(ms));

export function breakerDto(service: string, s: BreakerStatus): BreakerDto {
  return {
    name: s.name,
    service,
    state: s.state,
    ...(s.override
      ? {
          override: {
            state: s.override.state,
            actor: s.override.actor,
            reason: s.override.reason,
            since: safeIso(s.override.since),
            ...(s.override.expiresAt !== undefined ? { expiresAt: safeIso(s.override.expiresAt) } : {}),
          },
        }
      : {}),
    metrics: s.metrics,
    ...(s.openedAt !== undefined ? { openedAt: iso(s.openedAt) } : {}),
    ...(s.halfOpenAt !== undefined ? { halfOpenAt: iso(s.halfOpenAt) } : {}),
    updatedAt: safeIso(s.updatedAt),
  };
}

export function transitionDto(r: TransitionRow & { id: string }): BreakerTransitionDto {
  return {
    id: r.id,
    name: r.name,
    from: r.from as BreakerTransitionDto["from"],
    to: r.to as BreakerTransitionDto["to"],
    reason: r.reason,
    actor: r.actor ?? null,
    at: r.at.toISOString(),
  };
}

export function bulkheadDto(sg: ServiceGateway, topN = 10): BulkheadDto {
  const s = sg.bulkhead.stats();
  const dto: BulkheadDto = {
    service: sg.service.name,
    maxConcurrent: s.maxConcurrent,
    maxQueue: s.maxQueue,
    active: s.active,
    queued: s.queued,
    peakActive: s.peakActive,
    accepted: s.accepted,
    rejected: s.rejected,
    timedOut: s.timedOut,
  };
  if (sg.perUser) {
    const p = sg.perUser.stats(topN);
    dto.perUser = { keys: p.keys, top: p.top.map((t) => ({ key: t.key, active: t.active, queued: t.queued, rejected: t.rejected })) };
  }
  return dto;
}

export interface BreakerOpsDeps {
  gateway: Gateway;
  audit: AuditRecorder;
  history: BreakerHistoryRepo;
  /** Persists the breaker's snapshot promptly after an operator action. */
  persistSnapshot: (sg: ServiceGateway) => void;
}

export function createBreakerOperations(deps: BreakerOpsDeps) {
  const find = (name: string): ServiceGateway => {
    const sg = deps.gateway.get(name);
    if (!sg) throw notFound(`breaker '${name}'`);
    return sg;
  };

  return {
    list(): BreakerDto[] {
      return [...deps.gateway.services.values()]
        .map((sg) => breakerDto(sg.service.name, sg.breaker.status()))
        .sort(compareBreakers);
    },
    get(name: string): BreakerDto {
      const sg = find(name);
      return breakerDto(sg.service.name, sg.breaker.status());
    },
    async transitions(name: string, q: { limit: number; before?: string }): Promise<BreakerTransitionDto[]> {
      const rows = await deps.history.transitions(name, { limit: q.limit, before: q.before ? new Date(q.before) : undefined });
      if (rows.length === 0 && !deps.gateway.has(name)) throw notFound(`breaker '${name}'`);
      return rows.map(transitionDto);
    },
    /** The latest transitions of every breaker, newest first. */
    async recentTransitions(limit: number): Promise<BreakerTransitionDto[]> {
      return (await deps.history.recentTransitions(limit)).map(transitionDto);
    },
    async force(actor: Principal, name: string, req: ForceRequest): Promise<BreakerDto> {
      const sg = find(name);
      const before = sg.breaker.status();
      sg.breaker.force(req.state, { actor: actor.username, reason: req.reason, ...(req.ttlSeconds ? { ttlMs: req.ttlSeconds * 1000 } : {}) });
      deps.persistSnapshot(sg);
      const after = breakerDto(name, sg.breaker.status());
      await deps.audit.record({
        actor: actor.username,
        action: "breaker.force",
        target: `breaker:${name}`,
        before: { state: before.state },
        after: { state: after.state, ...(after.override?.expiresAt ? { expiresAt: after.override.expiresAt } : {}) },
        reason: req.reason,
      });
      return after;
    },
    async lift(actor: Principal, name: string): Promise<BreakerDto> {
      const sg = find(name);
      const before = sg.breaker.status();
      const lifted = sg.breaker.lift({ actor: actor.username });
      if (lifted) {
        deps.persistSnapshot(sg);
        await deps.audit.record({
          actor: actor.username,
          action: "breaker.lift",
          target: `breaker:${name}`,
          before: { state: before.state, reason: before.override?.reason },
          after: { state: "closed" },
        });
      }
      return breakerDto(name, sg.breaker.status());
    },
    async reset(actor: Principal, name: string): Promise<BreakerDto> {
      const sg = find(name);
      const before = sg.breaker.status();
      sg.breaker.reset({ actor: actor.username });
      deps.persistSnapshot(sg);
      await deps.audit.record({
        actor: actor.username,
        action: "breaker.reset",
        target: `breaker:${name}`,
        before: { state: before.state, metrics: before.metrics },
        after: { state: "closed" },
      });
      return breakerDto(name, sg.breaker.status());
    },
    bulkheads(): BulkheadDto[] {
      return [...deps.gateway.services.values()].map((sg) => bulkheadDto(sg)).sort((a, b) => a.service.localeCompare(b.service));
    },
    bulkhead(service: string): BulkheadDto {
      return bulkheadDto(find(service));
    },
  };
}
export type BreakerOperations = ReturnType<typeof createBreakerOperations>;
