// Operator pins of adaptive bulkhead limits (docs/GATEWAY.md "Adaptive concurrency"): the one owner
// of pins. A pin holds the service's limiter at a limit until it is removed or its ttl runs out (on
// the runtime's clock), survives an edit of the service (re-applied to a new limiter) and, in
// cluster mode, is shared with every instance through a PinShare (an operator action applies
// cluster-wide). Pins and unpins by operators, and expiries, are audited.
import type { PinRequest } from "@/lib/contracts/adaptive";
import type { AuditRecorder } from "../audit";
import type { ServerClock } from "../clock";
import { AppError, notFound, validationFailed } from "../errors";
import type { Gateway } from "../gateway/gateway";
import type { ServiceGateway } from "../gateway/service-gateway";
import type { Logger } from "../logger";
import { createLimitReasons } from "./limit-reasons";
import { createPinHolds } from "./pin-holds";
import { pinDto, type PinRecord } from "./pin-record";

export { pinDto, type PinRecord } from "./pin-record";

/** Cluster mode: tells the other instances about a pin set or removed here (null = removed). */
export interface PinShare {
  publish(service: string, pin: PinRecord | null): void;
}

export interface AdaptivePinsDeps {
  gateway: Gateway;
  audit: AuditRecorder;
  clock: ServerClock;
  log: Logger;
}

export function createAdaptivePins(deps: AdaptivePinsDeps) {
  const pins = createPinHolds(deps);
  const reasons = createLimitReasons();
  let share: PinShare | undefined;

  const adaptiveOf = (service: string): ServiceGateway & { adaptive: NonNullable<ServiceGateway["adaptive"]> } => {
    const sg = deps.gateway.get(service);
    if (!sg) throw notFound(`bulkhead '${service}'`);
    if (!sg.adaptive) throw new AppError(409, "not_adaptive", `the bulkhead of '${service}' has a static limit (set bulkhead.adaptive to adapt or pin it)`);
    return sg as ServiceGateway & { adaptive: NonNullable<ServiceGateway["adaptive"]> };
  };

  // a service's limiter was created or replaced: the pin holds on the new one; a static bulkhead drops it
  deps.gateway.onAdaptive((sg, removed) => {
    reasons.limiterChanged(sg, removed);
    pins.limiterChanged(sg.service.name, Boolean(sg.adaptive) && !removed);
  });

  return {
    async pin(actor: string, service: string, req: PinRequest): Promise<PinRecord> {
      const sg = adaptiveOf(service);
      const max = sg.service.bulkhead.adaptive?.maxLimit ?? 1;
      if (req.limit > max) throw validationFailed([{ path: "limit", message: `must be at most the service's adaptive maxLimit (${max})` }]);
      const before = pins.get(service);
      const now = deps.clock.now();
      const rec: PinRecord = { limit: req.limit, reason: req.reason, actor, at: now, until: now + req.ttlSeconds * 1000 };
      const limitBefore = sg.adaptive.limit;
      pins.hold(service, rec);
      share?.publish(service, rec);
      await deps.audit.record({
        actor,
        action: "bulkhead.pin",
        target: `bulkhead:${service}`,
        before: before ? pinDto(before) : { limit: limitBefore },
        after: pinDto(rec),
        reason: req.reason,
      });
      return rec;
    },
    /** Removes the pin (a no-op without one); returns the removed pin. */
    async unpin(actor: string, service: string): Promise<PinRecord | undefined> {
      adaptiveOf(service);
      const removed = pins.release(service);
      if (!removed) return undefined;
      share?.publish(service, null);
      await deps.audit.record({ actor, action: "bulkhead.unpin", target: `bulkhead:${service}`, before: pinDto(removed), after: null });
      return removed;
    },
    /** Why the service's limit last changed (null: not yet). */
    lastReason: reasons.lastReason,
    get: pins.get,
    /** Cluster mode: a pin set or removed on another instance (or found at reconciliation). */
    adopt(service: string, rec: PinRecord | null): void {
      const held = pins.get(service);
      if (rec === null) {
        if (held) pins.release(service);
        return;
      }
      if (held && held.at === rec.at && held.limit === rec.limit && held.until === rec.until) return;
      if (rec.until <= deps.clock.now() || !deps.gateway.get(service)?.adaptive) return void pins.release(service);
      pins.hold(service, rec, true);
    },
    services: pins.services,
    setShare(s: PinShare | undefined): void {
      share = s;
    },
    close: pins.close,
  };
}
export type AdaptivePins = ReturnType<typeof createAdaptivePins>;
