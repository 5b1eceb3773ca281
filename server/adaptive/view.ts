// The adaptive part of a bulkhead's view (GET /api/v1/bulkheads, bulkhead:stats): the limiter's
// snapshot, the pin in force and, in cluster mode, every instance's own limit.
import type { AdaptiveDto, InstanceLimitDto } from "@/lib/contracts/adaptive";
import type { ServiceGateway } from "../gateway/service-gateway";
import { pinDto, type PinRecord } from "./pins";

/** What the view reads besides the limiter (the pins' owner and the cluster's limit exchange). */
export interface AdaptiveView {
  pin(service: string): PinRecord | undefined;
  lastReason(service: string): string | null;
  /** Cluster mode: each live instance's limit (undefined in single mode). */
  instances(service: string): InstanceLimitDto[] | undefined;
}

export function adaptiveDto(sg: ServiceGateway, view: AdaptiveView | undefined): AdaptiveDto | null {
  const limiter = sg.adaptive;
  const options = sg.service.bulkhead.adaptive;
  if (!limiter || !options) return null;
  const s = limiter.snapshot();
  const pin = view?.pin(sg.service.name);
  return {
    algorithm: s.algorithm,
    minLimit: options.minLimit,
    maxLimit: options.maxLimit,
    rttMs: s.rttMs,
    lastChangeAt: s.lastChangeAt === undefined ? null : new Date(s.lastChangeAt).toISOString(),
    lastChangeReason: view?.lastReason(sg.service.name) ?? null,
    ...(pin ? { pinned: pinDto(pin) } : {}),
  };
}
