// Why each adaptive service's limit last changed (for the adaptive view): listens to the current
// limiter of every adaptive service and stops listening when it is replaced or removed.
import type { ServiceGateway } from "../gateway/service-gateway";

export function createLimitReasons() {
  const changes = new Map<string, { reason: string | null; off: () => void }>();
  return {
    /** A service's limiter was created, replaced or removed. */
    limiterChanged(sg: ServiceGateway, removed: boolean): void {
      const name = sg.service.name;
      changes.get(name)?.off();
      changes.delete(name);
      if (!sg.adaptive || removed) return;
      const entry = { reason: null as string | null, off: () => {} };
      entry.off = sg.adaptive.on("limitChange", (e) => (entry.reason = e.reason));
      changes.set(name, entry);
    },
    /** Why the service's limit last changed (null: not yet). */
    lastReason(service: string): string | null {
      return changes.get(service)?.reason ?? null;
    },
  };
}
