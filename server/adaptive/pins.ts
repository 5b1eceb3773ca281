// Operator pins of adaptive bulkhead limits (docs/GATEWAY.md "Adaptive concurrency"): the one owner
// of pins. A pin holds the service's limiter at a limit until it is removed or its ttl runs out (on
// the runtime's clock), survives an edit of the service (re-applied to a new limiter) and, in
// cluster mode, is shared with every instance through a PinShare (an operator action applies
// cluster-wide). Pins and unpins by operators, and expiries, are audited.
import type { PinDto, PinRequest } from "@/lib/contracts/adaptive";
import type { AuditRecorder } from "../audit";
import type { ServerClock } from "../clock";
import { AppError, notFound, validationFailed } from "../errors";
import type { Gateway } from "../gateway/gateway";
import type { ServiceGateway } from "../gateway/service-gateway";
import type { Logger } from "../logger";

/** A pin as held and shared: times in epoch ms. */
export interface PinRecord {
  limit: number;
  reason: string;
  actor: string;
  at: number;
  until: number;
}

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

const iso = (ms: number) => new Date(ms).toISOString();

export function pinDto(p: PinRecord): PinDto {
  return { limit: p.limit, reason: p.reason, actor: p.actor, at: iso(p.at), until: iso(p.until) };
}

export function createAdaptivePins(deps: AdaptivePinsDeps) {
  /** `adopted`: set on another instance (that instance audits its expiry, not this one). */
  const pins = new Map<string, { rec: PinRecord; cancel: () => void; adopted: boolean }>();
  /** Each adaptive service's last limit change (for the view), and how to stop listening to its limiter. */
  const changes = new Map<string, { reason: string | null; off: () => void }>();
  let share: PinShare | undefined;

  const adaptiveOf = (service: string): ServiceGateway & { adaptive: NonNullable<ServiceGateway["adaptive"]> } => {
    const sg = deps.gateway.get(service);
    if (!sg) throw notFound(`bulkhead '${service}'`);
    if (!sg.adaptive) throw new AppError(409, "not_adaptive", `the bulkhead of '${service}' has a static limit (set bulkhead.adaptive to adapt or pin it)`);
    return sg as ServiceGateway & { adaptive: NonNullable<ServiceGateway["adaptive"]> };
  };

  /** Holds `rec` here (no audit, no sharing): applied to the limiter, lifted at `until`. */
  function hold(service: string, rec: PinRecord, adopted = false): void {
    pins.get(service)?.cancel();
    const sg = deps.gateway.get(service);
    const max = sg?.service.bulkhead.adaptive?.maxLimit;
    if (sg?.adaptive && max !== undefined) sg.adaptive.pin(Math.min(rec.limit, max));
    const cancel = deps.clock.after(Math.max(0, rec.until - deps.clock.now()), () => void expire(service, rec));
    pins.set(service, { rec, cancel, adopted });
  }

  /** Drops the pin here (no audit, no sharing); returns it. */
  function release(service: string): PinRecord | undefined {
    const held = pins.get(service);
    if (!held) return undefined;
    held.cancel();
    pins.delete(service);
    deps.gateway.get(service)?.adaptive?.unpin();
    return held.rec;
  }

  async function expire(service: string, rec: PinRecord): Promise<void> {
    const held = pins.get(service);
    if (held?.rec !== rec) return;
    release(service);
    if (held.adopted) return;
    await deps.audit
      .record({ actor: "system", action: "bulkhead.unpin", target: `bulkhead:${service}`, before: pinDto(rec), after: null, reason: "pin expired" })
      .catch((err: unknown) => deps.log.warn({ err, service }, "could not audit an expired pin"));
  }

  // a service's limiter was created or replaced: the pin holds on the new one; a static bulkhead drops it
  deps.gateway.onAdaptive((sg, removed) => {
    const name = sg.service.name;
    changes.get(name)?.off();
    changes.delete(name);
    if (sg.adaptive && !removed) {
      const entry = { reason: null as string | null, off: () => {} };
      entry.off = sg.adaptive.on("limitChange", (e) => (entry.reason = e.reason));
      changes.set(name, entry);
    }
    const held = pins.get(sg.service.name);
    if (!held) return;
    if (sg.adaptive && !removed) hold(sg.service.name, held.rec, held.adopted);
    else release(sg.service.name);
  });

  return {
    async pin(actor: string, service: string, req: PinRequest): Promise<PinRecord> {
      const sg = adaptiveOf(service);
      const max = sg.service.bulkhead.adaptive?.maxLimit ?? 1;
      if (req.limit > max) throw validationFailed([{ path: "limit", message: `must be at most the service's adaptive maxLimit (${max})` }]);
      const before = pins.get(service)?.rec;
      const now = deps.clock.now();
      const rec: PinRecord = { limit: req.limit, reason: req.reason, actor, at: now, until: now + req.ttlSeconds * 1000 };
      const limitBefore = sg.adaptive.limit;
      hold(service, rec);
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
      const removed = release(service);
      if (!removed) return undefined;
      share?.publish(service, null);
      await deps.audit.record({ actor, action: "bulkhead.unpin", target: `bulkhead:${service}`, before: pinDto(removed), after: null });
      return removed;
    },
    /** Why the service's limit last changed (null: not yet). */
    lastReason(service: string): string | null {
      return changes.get(service)?.reason ?? null;
    },
    get(service: string): PinRecord | undefined {
      return pins.get(service)?.rec;
    },
    /** Cluster mode: a pin set or removed on another instance (or found at reconciliation). */
    adopt(service: string, rec: PinRecord | null): void {
      const held = pins.get(service)?.rec;
      if (rec === null) {
        if (held) release(service);
        return;
      }
      if (held && held.at === rec.at && held.limit === rec.limit && held.until === rec.until) return;
      if (rec.until <= deps.clock.now() || !deps.gateway.get(service)?.adaptive) return void release(service);
      hold(service, rec, true);
    },
    services(): string[] {
      return [...pins.keys()];
    },
    setShare(s: PinShare | undefined): void {
      share = s;
    },
    close(): void {
      for (const { cancel } of pins.values()) cancel();
      pins.clear();
    },
  };
}
export type AdaptivePins = ReturnType<typeof createAdaptivePins>;
