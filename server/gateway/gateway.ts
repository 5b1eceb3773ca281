// The gateway: the services in force, request routing (/<service>/<rest> on the gateway's own
// listener), and the engine events that feed
// metrics, the live dashboard and history. One sweeper timer for all breakers (no timer per breaker).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "@/lib/engine/clock";
import type { Service } from "@/lib/contracts/services";
import type { Metrics, RetryKind } from "../metrics";
import type { Logger } from "../logger";
import type { BreakerRegistry } from "../breakers/registry";
import { proxyContext, proxyRequest, reject, type ProxyOptions } from "./proxy";
import { ServiceGateway } from "./service-gateway";
import { buildUpstreamPath, splitGatewayUrl, UnsafePathError } from "./upstream-url";
import type { TrafficOutcome } from "@/lib/contracts/traffic";
import { classifyAnswer } from "../traffic/classify";
import { createTrafficStats } from "../traffic/traffic-stats";

/** Services are served at /<service>/… on the gateway listener. */
export const GATEWAY_PREFIX = "/";
/** Where the gateway used to be on the control-plane port: answered with moved_to_gateway_port. */
export const LEGACY_GATEWAY_PREFIX = "/gw/";

/** Counters for one 10-second sample interval. */
export interface IntervalCounters {
  successful: number;
  failed: number;
  slow: number;
  rejected: number;
  /** Refused by the service bulkhead (full or queue timeout). */
  bulkheadRejected: number;
  /** Refused by the per-user bulkhead. */
  userRejected: number;
  maxActive: number;
  maxQueued: number;
}
const emptyCounters = (): IntervalCounters => ({ successful: 0, failed: 0, slow: 0, rejected: 0, bulkheadRejected: 0, userRejected: 0, maxActive: 0, maxQueued: 0 });

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

/** Every answer of a configured service: how it was answered and its time to headers (SLOs). */
export type OutcomeListener = (service: string, outcome: TrafficOutcome, durationMs: number) => void;

export function createGateway(deps: GatewayDeps) {
  const services = new Map<string, ServiceGateway>();
  const counters = new Map<string, IntervalCounters>();
  const detach = new Map<string, (() => void)[]>();
  const outcomeListeners: OutcomeListener[] = [];
  /** Adaptive limiters created, replaced or removed (with their service): the pins follow them. */
  const adaptiveListeners: ((sg: ServiceGateway, removed: boolean) => void)[] = [];
  const onAdaptive = (sg: ServiceGateway, removed = false) => {
    for (const fn of adaptiveListeners) fn(sg, removed);
  };
  const proxyCtx = proxyContext(deps.proxy);
  /** Every answer by outcome, with latency: the figures of the API, the dashboards and /metrics agree. */
  const traffic = createTrafficStats(deps.clock);

  const countersOf = (name: string) => {
    let c = counters.get(name);
    if (!c) counters.set(name, (c = emptyCounters()));
    return c;
  };

  // the breakers' calls and refusals feed the interval counters and the metrics
  deps.breakers.on("callRecorded", (e) => {
    const c = countersOf(e.name);
    if (e.failed) {
      c.failed++;
      deps.metrics.call(e.name, "failed");
    } else {
      c.successful++;
      deps.metrics.call(e.name, "successful");
    }
    if (e.slow) {
      c.slow++;
      deps.metrics.call(e.name, "slow");
    }
  });
  deps.breakers.on("rejected", (e) => {
    countersOf(e.name).rejected++;
    deps.metrics.call(e.name, "not_permitted");
  });

  function attach(sg: ServiceGateway): void {
    const name = sg.service.name;
    const c = countersOf(name);
    for (const off of detach.get(name) ?? []) off();
    // the pipeline is rebuilt on every edit: listen again
    detach.set(name, [
      sg.pipeline.on("reject", (e) => {
        if (e.code === "bulkhead_full" || e.code === "bulkhead_timeout" || e.code === "user_bulkhead_full") {
          if (e.code === "user_bulkhead_full") c.userRejected++;
          else c.bulkheadRejected++;
          deps.metrics.bulkheadRejected(name, e.code);
        }
      }),
    ]);
  }

  const observer = {
    done(service: string, status: number, seconds: number, outcome: { attempts: number; kind: string; verdict?: { outcome: string }; error?: unknown } | undefined) {
      if (status > 0) deps.metrics.requestDuration(service, status, seconds);
      const answer = classifyAnswer(status, outcome);
      const known = services.has(service);
      traffic.record(service, known, answer, seconds);
      if (known) for (const fn of outcomeListeners) fn(service, answer, seconds * 1000);
      if (outcome && outcome.attempts > 0) {
        const ok = outcome.verdict?.outcome === "success";
        const kind: RetryKind = ok
          ? outcome.attempts > 1 ? "successful_with_retry" : "successful_without_retry"
          : outcome.attempts > 1 ? "failed_with_retry" : "failed_without_retry";
        deps.metrics.retry(service, kind);
      }
    },
  };

  // cluster mode: per-user limits are shared out among the live instances
  let perUserDivisor = 1;
  const applyClusterSettings = (sg: ServiceGateway) => {
    const p = sg.service.perUserBulkhead;
    if (!p || !sg.perUser) return;
    const share = (n: number, min: number) => Math.max(min, Math.ceil(n / perUserDivisor));
    sg.perUser.updateOptions({ maxConcurrent: share(p.maxConcurrent, 1), maxQueue: share(p.maxQueue, 0) });
  };

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
    setPerUserDivisor(n: number): void {
      perUserDivisor = Math.max(1, n);
      for (const sg of services.values()) applyClusterSettings(sg);
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
        applyClusterSettings(existing);
        return { created: false, ...r };
      }
      const sg = new ServiceGateway(service, { clock: deps.clock, breakers: deps.breakers, breakerSnapshot, onParts: attach, onAdaptive });
      services.set(service.name, sg);
      applyClusterSettings(sg);
      return { created: true, breakerWindowReset: false };
    },
    async remove(name: string): Promise<boolean> {
      const sg = services.get(name);
      if (!sg) return false;
      services.delete(name);
      onAdaptive(sg, true);
      for (const off of detach.get(name) ?? []) off();
      detach.delete(name);
      counters.delete(name);
      traffic.forget(name);
      deps.breakers.remove(name);
      await sg.close();
      return true;
    },
    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const { service, rest } = splitGatewayUrl(req.url ?? GATEWAY_PREFIX, GATEWAY_PREFIX);
      const sg = services.get(service);
      if (!sg) {
        req.resume();
        reject(res, 404, "unknown_service", service ? `no service named '${service}'` : "name a service: /<service>/…");
        return observer.done(service || "-", 404, 0, undefined);
      }
      let path: string;
      try {
        path = buildUpstreamPath(sg.basePath, rest);
      } catch (err) {
        if (!(err instanceof UnsafePathError)) throw err;
        req.resume();
        reject(res, 400, "invalid_path", err.message);
        return observer.done(service, 400, 0, undefined);
      }
      const q = rest.indexOf("?");
      const rawQuery = q < 0 ? "" : rest.slice(q + 1);
      if (!deps.acquireTrial || sg.breaker.state !== "half_open") return proxyRequest(sg, path, rawQuery, req, res, proxyCtx, observer);
      // cluster mode: a half-open trial also needs one of the cluster's leases
      const lease = await deps.acquireTrial(service, sg.service.breaker.halfOpenMaxCalls);
      if (!lease) {
        req.resume();
        deps.metrics.call(service, "not_permitted");
        reject(res, 503, "circuit_open", `circuit breaker "${service}" is half_open: every trial slot in the cluster is taken (service '${service}')`, 1000);
        return observer.done(service, 503, 0, undefined);
      }
      try {
        await proxyRequest(sg, path, rawQuery, req, res, proxyCtx, observer);
      } finally {
        lease();
      }
    },
    /** Sweeper: lets breakers open→half-open and overrides expire without traffic; tracks bulkhead peaks. */
    tick(): void {
      deps.breakers.tick(deps.clock.now());
      for (const [name, sg] of services) {
        const s = sg.bulkhead.stats();
        const c = countersOf(name);
        if (s.active > c.maxActive) c.maxActive = s.active;
        if (s.queued > c.maxQueued) c.maxQueued = s.queued;
      }
    },
    /** Takes and resets the interval counters of every service. */
    takeCounters(): Map<string, IntervalCounters> {
      const out = new Map<string, IntervalCounters>();
      for (const name of services.keys()) {
        const c = countersOf(name);
        out.set(name, { ...c });
        Object.assign(c, emptyCounters()); // listeners hold this object: reset it in place
      }
      return out;
    },
    async close(): Promise<void> {
      await Promise.all([...services.values()].map((s) => s.close()));
    },
  };
}
export type Gateway = ReturnType<typeof createGateway>;
