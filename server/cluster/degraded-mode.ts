// Degraded mode: while Redis is unreachable the instance serves on local state. Starts degraded
// until the first heartbeat gets through; every switch is logged and reported to `onChange`.
import type { Logger } from "../logger";

export function createDegradedMode(log: Logger, onChange: (degraded: boolean) => void) {
  let degraded = true;
  return {
    isDegraded: (): boolean => degraded,
    set(d: boolean, why?: string): void {
      if (degraded === d) return;
      degraded = d;
      if (d) log.warn({ why }, "cluster degraded: Redis unreachable, serving on local state");
      else log.info("cluster connected: reconciling breaker states");
      onChange(d);
    },
  };
}
export type DegradedMode = ReturnType<typeof createDegradedMode>;
