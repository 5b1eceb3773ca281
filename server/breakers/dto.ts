// Breakers, transitions and bulkheads as the API, the dashboard and live events show them.
import type { BreakerDto, BreakerTransitionDto, BulkheadDto } from "@/lib/contracts/breakers";
import type { BreakerStatus } from "@/lib/engine/breaker/types";
import type { ServiceGateway } from "../gateway/service-gateway";
import type { TransitionRow } from "../persistence/repos/breaker-history";
import { adaptiveDto, type AdaptiveView } from "../adaptive/view";

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

export function bulkheadDto(sg: ServiceGateway, topN = 10, view?: AdaptiveView): BulkheadDto {
  const s = sg.bulkhead.stats();
  const dto: BulkheadDto = {
    service: sg.service.name,
    maxConcurrent: s.maxConcurrent,
    limit: s.maxConcurrent,
    adaptive: adaptiveDto(sg, view),
    maxQueue: s.maxQueue,
    active: s.active,
    queued: s.queued,
    peakActive: s.peakActive,
    accepted: s.accepted,
    rejected: s.rejected,
    timedOut: s.timedOut,
  };
  const instances = dto.adaptive ? view?.instances(sg.service.name) : undefined;
  if (instances) dto.instances = instances;
  if (sg.perUser) {
    const p = sg.perUser.stats(topN);
    dto.perUser = { keys: p.keys, rejected: p.rejected, top: p.top.map((t) => ({ key: t.key, active: t.active, queued: t.queued, rejected: t.rejected })) };
  }
  return dto;
}
