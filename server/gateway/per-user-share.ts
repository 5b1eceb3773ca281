// Cluster mode: each service's per-user bulkhead limits are shared out among the live instances.
import type { ServiceGateway } from "./service-gateway";

export function createPerUserShare() {
  let divisor = 1;
  const share = (n: number, min: number) => Math.max(min, Math.ceil(n / divisor));
  /** Applies the current share to a service's per-user bulkhead (after it is created or edited). */
  const apply = (sg: ServiceGateway): void => {
    const p = sg.service.perUserBulkhead;
    if (!p || !sg.perUser) return;
    sg.perUser.updateOptions({ maxConcurrent: share(p.maxConcurrent, 1), maxQueue: share(p.maxQueue, 0) });
  };
  return {
    apply,
    /** The number of live instances changed. */
    setDivisor(n: number, services: Iterable<ServiceGateway>): void {
      divisor = Math.max(1, n);
      for (const sg of services) apply(sg);
    },
  };
}
