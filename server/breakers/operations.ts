// The operator actions on breakers (force, lift, reset) — each asked of the BreakerRegistry and
// audited — and the read views of breakers and bulkheads for the API and the pages. History and
// live events follow from the registry's own events; nothing here persists or broadcasts.
import { compareBreakers, type BreakerDto, type BreakerTransitionDto, type BulkheadDto, type ForceRequest, type LiftTarget } from "@/lib/contracts/breakers";
import type { BreakerStatus } from "@/lib/engine/breaker/types";
import type { Gateway } from "../gateway/gateway";
import type { AuditRecorder } from "../audit";
import type { Principal } from "../auth/principal";
import type { BreakerHistoryRepo } from "../persistence/repos/breaker-history";
import { notFound } from "../errors";
import type { BreakerRegistry } from "./registry";
import { breakerDto, bulkheadDto, transitionDto } from "./dto";
import type { AdaptiveView } from "../adaptive/view";

export interface BreakerOpsDeps {
  breakers: BreakerRegistry;
  gateway: Gateway;
  audit: AuditRecorder;
  history: BreakerHistoryRepo;
  /** Pins, last changes and per-instance limits of adaptive bulkheads (set once they exist). */
  adaptive?: AdaptiveView;
}

/** The lookups behind the operations: each answers 404 for an unknown name. */
function lookups(deps: BreakerOpsDeps) {
  return {
    statusOf(name: string): BreakerStatus {
      const b = deps.breakers.guard(name);
      if (!b) throw notFound(`breaker '${name}'`);
      return b.status();
    },
    found<T>(name: string, v: T | undefined): T {
      if (v === undefined) throw notFound(`breaker '${name}'`);
      return v;
    },
    sgOf(service: string) {
      const sg = deps.gateway.get(service);
      if (!sg) throw notFound(`bulkhead '${service}'`);
      return sg;
    },
  };
}

export function createBreakerOperations(deps: BreakerOpsDeps) {
  const { breakers } = deps;
  const { statusOf, found, sgOf } = lookups(deps);

  return {
    list(): BreakerDto[] {
      return [...breakers.all()].map(([name, b]) => breakerDto(name, b.status())).sort(compareBreakers);
    },
    get(name: string): BreakerDto {
      return breakerDto(name, statusOf(name));
    },
    async transitions(name: string, q: { limit: number; before?: string }): Promise<BreakerTransitionDto[]> {
      const rows = await deps.history.transitions(name, { limit: q.limit, before: q.before ? new Date(q.before) : undefined });
      if (rows.length === 0 && !breakers.has(name)) throw notFound(`breaker '${name}'`);
      return rows.map(transitionDto);
    },
    /** The latest transitions of every breaker, newest first. */
    async recentTransitions(limit: number): Promise<BreakerTransitionDto[]> {
      return (await deps.history.recentTransitions(limit)).map(transitionDto);
    },
    async force(actor: Principal, name: string, req: ForceRequest): Promise<BreakerDto> {
      const before = statusOf(name);
      const ttl = req.ttlSeconds ? { ttlMs: req.ttlSeconds * 1000 } : {};
      const after = breakerDto(name, found(name, breakers.force(name, req.state, { actor: actor.username, reason: req.reason, ...ttl })));
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
    /** Lifts an override: by default to half-open (trial calls decide), or straight to closed. */
    async lift(actor: Principal, name: string, to: LiftTarget = "half_open"): Promise<BreakerDto> {
      const before = statusOf(name);
      const lifted = breakers.lift(name, { actor: actor.username, to });
      if (lifted) {
        await deps.audit.record({
          actor: actor.username,
          action: "breaker.lift",
          target: `breaker:${name}`,
          before: { state: before.state, reason: before.override?.reason },
          after: { state: lifted.state },
        });
      }
      return breakerDto(name, lifted ?? statusOf(name));
    },
    async reset(actor: Principal, name: string): Promise<BreakerDto> {
      const before = statusOf(name);
      const after = found(name, breakers.reset(name, { actor: actor.username }));
      await deps.audit.record({
        actor: actor.username,
        action: "breaker.reset",
        target: `breaker:${name}`,
        before: { state: before.state, metrics: before.metrics },
        after: { state: "closed" },
      });
      return breakerDto(name, after);
    },
    bulkheads(): BulkheadDto[] {
      return [...deps.gateway.services.values()].map((sg) => bulkheadDto(sg, 10, deps.adaptive)).sort((a, b) => a.service.localeCompare(b.service));
    },
    bulkhead(service: string): BulkheadDto {
      return bulkheadDto(sgOf(service), 10, deps.adaptive);
    },
  };
}
export type BreakerOperations = ReturnType<typeof createBreakerOperations>;
