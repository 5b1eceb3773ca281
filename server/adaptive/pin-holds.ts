// The pins held on this instance (owned by createAdaptivePins, which audits and shares operator
// actions): each applied to its service's limiter and lifted when its ttl runs out on the clock.
// An expiry is audited here unless the pin was adopted from another instance (that one audits it).
import type { AuditRecorder } from "../audit";
import type { ServerClock } from "../clock";
import type { Gateway } from "../gateway/gateway";
import type { Logger } from "../logger";
import { pinDto, type PinRecord } from "./pin-record";

export interface PinHoldsDeps {
  gateway: Gateway;
  audit: AuditRecorder;
  clock: ServerClock;
  log: Logger;
}

export function createPinHolds(deps: PinHoldsDeps) {
  /** `adopted`: set on another instance (that instance audits its expiry, not this one). */
  const pins = new Map<string, { rec: PinRecord; cancel: () => void; adopted: boolean }>();

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

  return {
    hold,
    release,
    /** The service's limiter was created, replaced or removed: the pin holds on a new adaptive one, else it drops. */
    limiterChanged(service: string, adaptive: boolean): void {
      const held = pins.get(service);
      if (!held) return;
      if (adaptive) hold(service, held.rec, held.adopted);
      else release(service);
    },
    get(service: string): PinRecord | undefined {
      return pins.get(service)?.rec;
    },
    services(): string[] {
      return [...pins.keys()];
    },
    close(): void {
      for (const { cancel } of pins.values()) cancel();
      pins.clear();
    },
  };
}
export type PinHolds = ReturnType<typeof createPinHolds>;
