// In-process typed event bus for what the Socket.IO bridge relays besides breakers (audit entries,
// service changes, alerts, SLO statuses, health results, cluster status): the parts that produce
// them emit here, the bridge subscribes. Breaker events have their own stream on the
// BreakerRegistry. Listeners must not throw into the emitter.
import type { AuditInput } from "./persistence/repos/audit";
import type { AlertDto } from "@/lib/contracts/alerts";
import type { SloStatusDto } from "@/lib/contracts/slos";
import type { HealthResultDto } from "@/lib/contracts/health";
import type { ClusterStatus } from "./cluster/cluster";
import type { ExperimentDto } from "@/lib/contracts/experiments";

export interface RuntimeEvents {
  "audit:entry": AuditInput & { at: string };
  /** A service was created, edited or deleted. */
  "service:changed": { name: string };
  "alert:fired": AlertDto;
  "alert:updated": AlertDto;
  "slo:status": { id: string; status: SloStatusDto };
  "cluster:status": ClusterStatus;
  "health:result": { id: string; service: string; status: "unknown" | "healthy" | "unhealthy"; result: HealthResultDto };
  /** A chaos experiment changed status, or its live figures moved (at most once a second). */
  "experiment:updated": ExperimentDto;
}

type Listener<K extends keyof RuntimeEvents> = (payload: RuntimeEvents[K]) => void;

export function createEventBus() {
  const listeners = new Map<keyof RuntimeEvents, Set<Listener<never>>>();
  return {
    on<K extends keyof RuntimeEvents>(event: K, fn: Listener<K>): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(fn as Listener<never>);
      return () => set.delete(fn as Listener<never>);
    },
    emit<K extends keyof RuntimeEvents>(event: K, payload: RuntimeEvents[K]): void {
      for (const fn of listeners.get(event) ?? []) {
        try {
          (fn as Listener<K>)(payload);
        } catch {
          // a faulty listener never breaks the emitter
        }
      }
    },
  };
}
export type EventBus = ReturnType<typeof createEventBus>;
