// The process-wide runtime: created once by server/index.ts and kept on globalThis, because Next.js
// bundles route handlers separately and they must reach the same instance (see server/runtime-access.ts).
// Plain wiring, in dependency order: each part is created after what it needs, and parts that
// react to others subscribe to their events (the BreakerRegistry's above all). No logic lives here.
import type { AppConfig } from "./config";
import type { Logger } from "./logger";
import { systemServerClock, type ServerClock } from "./clock";
import { createPersistence, type Persistence } from "./persistence";
import { createAuditRecorder, type AuditRecorder } from "./audit";
import { createAuthService, type AuthService } from "./auth/service";
import { createEventBus, type EventBus } from "./events";
import { createMetrics, type Metrics } from "./metrics";
import { createWriteBehind, type WriteBehind } from "./persistence/write-behind";
import { createBreakerRegistry, type BreakerRegistry } from "./breakers/registry";
import { createGateway, type Gateway } from "./gateway/gateway";
import { subscribeHistory } from "./gateway/history";
import { recentSlotAnswers } from "./traffic/answers";
import { createServiceRegistry, type ServiceRegistry } from "./services/registry";
import { createBreakerOperations, type BreakerOperations } from "./breakers/operations";
import { createCharts, type Charts } from "./breakers/charts";
import { createAlertsService, type AlertsService } from "./alerts/alerts-service";
import { subscribeBreakerAlerts } from "./alerts/resilience-alerts";
import { BUILTIN_NOTIFIERS, createNotifierRegistry } from "./alerts/notifiers/registry";
import { createSloService, type SloService } from "./slos/slo-service";
import { createCheckerRegistry } from "./health/registry";
import { BUILTIN_CHECKERS } from "./health/builtins";
import { createHealthService, type HealthService } from "./health/health-service";
import { createCluster, type Cluster, type ClusterStatus } from "./cluster/cluster";
import { createAdaptivePins, type AdaptivePins } from "./adaptive/pins";
import { createLimitShare } from "./cluster/limit-share";
import { createChaos } from "./chaos/create-chaos";
import type { ChaosService } from "./chaos/chaos-service";
import { createLifecycle } from "./runtime-lifecycle";

export interface Runtime {
  config: AppConfig;
  log: Logger;
  clock: ServerClock;
  persistence: Persistence;
  audit: AuditRecorder;
  auth: AuthService;
  events: EventBus;
  metrics: Metrics;
  writeBehind: WriteBehind;
  /** The one owner of every breaker, and the source of breaker events. */
  breakerRegistry: BreakerRegistry;
  gateway: Gateway;
  services: ServiceRegistry;
  /** Operator actions on breakers and the breaker/bulkhead views of the API. */
  breakers: BreakerOperations;
  charts: Charts;
  alerts: AlertsService;
  slos: SloService;
  health: HealthService;
  /** Operator pins of adaptive bulkhead limits (the one owner of pins). */
  adaptive: AdaptivePins;
  /** Chaos experiments: the API's operations and the gateway's fault injectors. */
  chaos: ChaosService;
  /** Present in cluster mode (REDIS_URL). */
  cluster?: Cluster;
  clusterStatus(): ClusterStatus | { mode: "single"; instanceId: string };
  startedAt: Date;
  /** Loads services (database and config file) and restores breakers from their snapshots. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Persistence, audit, auth, events and the breakers: what every other part builds on. */
function createFoundation(config: AppConfig, log: Logger, clock: ServerClock) {
  const persistence = createPersistence(config.database);
  const events = createEventBus();
  const now = () => clock.now();
  const audit = createAuditRecorder(persistence.audit, (entry) => events.emit("audit:entry", { ...entry, at: new Date(now()).toISOString() }), now);
  const auth = createAuthService(persistence, audit, { sessionTtlMs: config.sessionTtlMs, now });
  const writeBehind = createWriteBehind(persistence.historyWriter, {
    clock,
    onError: (err, pending) => log.warn({ err, pending }, "history write failed; will retry (nothing is lost)"),
  });
  const breakerRegistry = createBreakerRegistry({ clock, log, clusterMode: Boolean(config.redisUrl) });
  subscribeHistory(breakerRegistry, writeBehind, (name) => persistence.breakerHistory.deleteSnapshot(name));
  const cluster = config.redisUrl
    ? createCluster({
        url: config.redisUrl,
        namespace: config.redisNamespace,
        instanceId: config.instanceId,
        breakers: breakerRegistry,
        log,
        clock,
        onStatus: (st) => events.emit("cluster:status", st),
      })
    : undefined;
  return { persistence, events, audit, auth, writeBehind, breakerRegistry, cluster };
}
type Foundation = ReturnType<typeof createFoundation>;

/** Alerts, SLOs and health checks: they watch the gateway's traffic and ask the registry to act. */
function createWatchers(config: AppConfig, log: Logger, clock: ServerClock, f: Foundation, gateway: Gateway) {
  const { persistence, audit, events, cluster, breakerRegistry } = f;
  const alerts = createAlertsService({
    repo: persistence.alerts,
    registry: createNotifierRegistry(BUILTIN_NOTIFIERS),
    audit,
    log,
    clock,
    externalURL: () => config.publicUrl ?? `http://localhost:${config.port}`,
    onFired: (a) => events.emit("alert:fired", a),
    onUpdated: (a) => events.emit("alert:updated", a),
    onShared: () => cluster?.configChanged("alerts", "*"),
  });
  subscribeBreakerAlerts(breakerRegistry, alerts, log);
  const slos = createSloService({
    repo: persistence.slos,
    audit,
    log,
    alerts,
    breakers: breakerRegistry,
    instanceId: config.instanceId,
    clock,
    serviceExists: (name) => gateway.has(name),
    onStatus: (id, status) => events.emit("slo:status", { id, status }),
    onMutated: (id) => cluster?.configChanged("slo", id),
    clustered: cluster !== undefined,
  });
  gateway.onOutcome((service, outcome, durationMs) => slos.record(service, outcome, durationMs));
  const checkers = createCheckerRegistry(BUILTIN_CHECKERS);
  const health = createHealthService({
    repo: persistence.health,
    registry: checkers,
    breakers: breakerRegistry,
    alerts,
    audit,
    log,
    instanceId: config.instanceId,
    clock,
    serviceExists: (name) => gateway.has(name),
    onResult: (e) => events.emit("health:result", e),
    onMutated: (id) => cluster?.configChanged("health", id),
  });
  return { alerts, slos, checkers, health };
}

/** Adaptive pins and, in cluster mode, the exchange of limits and pins between instances. */
function createAdaptive(config: AppConfig, log: Logger, clock: ServerClock, f: Foundation, gateway: Gateway) {
  const adaptive = createAdaptivePins({ gateway, audit: f.audit, clock, log });
  // cluster mode: each instance's limit is published, pins apply on every instance
  const limitShare = config.redisUrl ? createLimitShare({ url: config.redisUrl, namespace: config.redisNamespace, instanceId: config.instanceId, gateway, pins: adaptive, clock, log }) : undefined;
  return { adaptive, limitShare };
}

export function createRuntime(config: AppConfig, log: Logger, clock: ServerClock = systemServerClock): Runtime {
  const f = createFoundation(config, log, clock);
  const { persistence, breakerRegistry, cluster } = f;
  // scrape-time sources: read when /metrics is asked, after everything below exists
  const metrics = createMetrics({
    *breakers() {
      for (const [name, b] of breakerRegistry.all()) yield { name, state: b.state };
    },
    *bulkheads() {
      for (const sg of gateway.services.values()) {
        const s = sg.bulkhead.stats();
        yield { service: sg.service.name, active: s.active, queued: s.queued, limit: s.maxConcurrent };
      }
    },
    sloBudgets: () => w.slos.budgets(),
    alertsFiring: () => w.alerts.firingCount(),
  });
  const gateway = createGateway({
    clock,
    metrics,
    log,
    breakers: breakerRegistry,
    proxy: { maxBodyBytes: config.maxBodyBytes, replayBufferBytes: config.replayBufferBytes, trustProxy: config.proxyTrust },
    ...(cluster ? { acquireTrial: (name: string, max: number) => cluster.acquireTrial(name, max) } : {}),
  });
  cluster?.onInstances((n) => gateway.setPerUserDivisor(n));
  cluster?.shareAnswers((service, now) => recentSlotAnswers(gateway.traffic, service, now));
  const w = createWatchers(config, log, clock, f, gateway);
  const chaos = createChaos({
    instanceId: config.instanceId, enabled: config.chaosEnabled, clock, log, metrics, gateway, cluster,
    repo: persistence.experiments, audit: f.audit, events: f.events, slos: w.slos, breakers: breakerRegistry,
  });

  const snapshots = new Map<string, unknown>();
  const services = createServiceRegistry({
    repo: persistence.services,
    gateway,
    audit: f.audit,
    log,
    snapshotOf: (name) => snapshots.get(name),
    onChanged: (name) => f.events.emit("service:changed", { name }),
    onMutated: (name) => cluster?.configChanged("service", name),
  });
  const { adaptive, limitShare } = createAdaptive(config, log, clock, f, gateway);
  const breakers = createBreakerOperations({
    breakers: breakerRegistry,
    gateway,
    audit: f.audit,
    history: persistence.breakerHistory,
    adaptive: { pin: (s) => adaptive.get(s), lastReason: (s) => adaptive.lastReason(s), instances: (s) => limitShare?.instances(s) },
  });
  const lifecycle = createLifecycle({ config, log, clock, ...f, metrics, gateway, services, snapshots, watchers: w, adaptive, limitShare, chaos });

  return {
    config,
    log,
    clock,
    ...f,
    metrics,
    gateway,
    services,
    breakers,
    adaptive,
    charts: createCharts(persistence.breakerHistory, () => clock.now()),
    alerts: w.alerts,
    slos: w.slos,
    health: w.health,
    chaos,
    ...(cluster ? { cluster } : {}),
    clusterStatus: () => (cluster ? cluster.status() : { mode: "single" as const, instanceId: config.instanceId }),
    startedAt: new Date(clock.now()),
    start: lifecycle.start,
    close: lifecycle.close,
  };
}

declare global {
  var __breakwaterRuntime: Runtime | undefined;
}

export function installRuntime(runtime: Runtime): void {
  globalThis.__breakwaterRuntime = runtime;
}
