// The gateway: the services in force, request routing (/<service>/<rest> on the gateway's own
// listener, gateway-handle.ts), and the engine events that feed metrics (gateway-observer.ts), the
// live dashboard and history (interval-counters.ts). One sweeper timer for all breakers (no timer
// per breaker).
import type { Clock } from "@/lib/engine/clock";
import type { Service } from "@/lib/contracts/services";
import type { Metrics } from "../metrics";
import type { Logger } from "../logger";
import type { BreakerRegistry } from "../breakers/registry";
import { proxyContext, type ProxyOptions } from "./proxy";
import { ServiceGateway } from "./service-gateway";
import type { ChaosLookup } from "./chaos-hook";
import { createTrafficStats } from "../traffic/traffic-stats";
import { createIntervalCounters } from "./interval-counters";
import { createGatewayObserver, type OutcomeListener } from "./gateway-observer";
import { createGatewayHandle } from "./gateway-handle";
import { createPerUserShare } from "./per-user-share";

export { GATEWAY_PREFIX } from "./gateway-handle";
export type { IntervalCounters } from "./interval-counters";
export type { OutcomeListener } from "./gateway-observer";
/** Where the gateway used to be on the control-plane port: answered with moved_to_gateway_port. */
export const LEGACY_GATEWAY_PREFIX = "/gw/";

export interface GatewayDeps {
  clock: Clock;
  metrics: Metrics;
  log: Logger;
  proxy: ProxyOptions;
  /** The owner of every breaker: the gateway creates and removes a service's breaker there and reads it. */
  breakers: BreakerRegistry;
  /** Cluster mode: a half-open trial also needs one of the cluster's leases (null = refused). */
  acquireTrial?: (name: string, max: number) => Promise<(() => void) | null>;
}

export function createGateway(deps: GatewayDeps) {
  const services = new Map<string, ServiceGateway>();
  const outcomeListeners: OutcomeListener[] = [];
  /** Adaptive limiters created, replaced or removed (with their service): the pins follow them. */
  const adaptiveListeners: ((sg: ServiceGateway, removed: boolean) => void)[] = [];
  const onAdaptive = (sg: ServiceGateway, removed = false) => {
    for (const fn of adaptiveListeners) fn(sg, removed);
  };
  const proxyCtx = proxyContext(deps.proxy, deps.clock);
  /** Every answer by outcome, with latency: the figures of the API, the dashboards and /metrics agree. */
  const traffic = createTrafficStats(deps.clock);
  const counters = createIntervalCounters(deps.breakers, deps.metrics);
  const observer = createGatewayObserver(deps.metrics, traffic, services, outcomeListeners);
  const perUser = createPerUserShare();

  return {
    services,
    traffic,
    onOutcome(fn: OutcomeListener): () => void {
      outcomeListeners.push(fn);
      return () => {
        const i = outcomeListeners.indexOf(fn);
        if (i >= 0) outcomeListeners.splice(i, 1);
      };
    },
    onAdaptive(fn: (sg: ServiceGateway, removed: boolean) => void): void {
      adaptiveListeners.push(fn);
    },
    /** Chaos experiments: where the proxy finds a service's running fault injector (undefined: none runs). */
    setChaos(lookup: ChaosLookup | undefined): void {
      proxyCtx.chaos = lookup;
    },
    setPerUserDivisor(n: number): void {
      perUser.setDivisor(n, services.values());
    },
    has(name: string): boolean {
      return services.has(name);
    },
    get(name: string): ServiceGateway | undefined {
      return services.get(name);
    },
    /** Adds or updates a service. Returns whether the breaker window had to be reset. */
    apply(service: Service, breakerSnapshot?: unknown): { created: boolean; breakerWindowReset: boolean } {
      const existing = services.get(service.name);
      if (existing) {
        const r = existing.update(service);
        perUser.apply(existing);
        return { created: false, ...r };
      }
      const sg = new ServiceGateway(service, { clock: deps.clock, breakers: deps.breakers, breakerSnapshot, onParts: counters.attach, onAdaptive });
      services.set(service.name, sg);
      perUser.apply(sg);
      return { created: true, breakerWindowReset: false };
    },
    async remove(name: string): Promise<boolean> {
      const sg = services.get(name);
      if (!sg) return false;
      services.delete(name);
      onAdaptive(sg, true);
      counters.forget(name);
      traffic.forget(name);
      deps.breakers.remove(name);
      await sg.close();
      return true;
    },
    handle: createGatewayHandle({ services, proxyCtx, observer, metrics: deps.metrics, acquireTrial: deps.acquireTrial }),
    /** Sweeper: lets breakers open→half-open and overrides expire without traffic; tracks bulkhead peaks. */
    tick(): void {
      deps.breakers.tick(deps.clock.now());
      counters.trackPeaks(services);
    },
    /** Takes and resets the interval counters of every service. */
    takeCounters: () => counters.take(services.keys()),
    async close(): Promise<void> {
      await Promise.all([...services.values()].map((s) => s.close()));
    },
  };
}
export type Gateway = ReturnType<typeof createGateway>;
