// The process-wide runtime: created once by server/index.ts and kept on globalThis, because Next.js
// bundles route handlers separately and they must reach the same instance (see server/runtime-access.ts).
// Plain wiring, in dependency order: each part is created after what it needs, and parts that
// react to others subscribe to their events (the BreakerRegistry's above all). No logic lives here.
import path from "node:path";
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
import { snapshotRow, subscribeHistory } from "./gateway/history";
import { createServiceRegistry, type ServiceRegistry } from "./services/registry";
import { createBreakerOperations, type BreakerOperations } from "./breakers/operations";
import { loadConfigFile } from "./services/config-file";
import { createCharts, type Charts } from "./breakers/charts";
import { createAlertsService, type AlertsService } from "./alerts/alerts-service";
import { subscribeBreakerAlerts } from "./alerts/resilience-alerts";
import { BUILTIN_NOTIFIERS, createNotifierRegistry } from "./alerts/notifiers/registry";
import { createSloService, type SloService } from "./slos/slo-service";
import { createCheckerRegistry } from "./health/registry";
import { BUILTIN_CHECKERS } from "./health/builtins";
import { createHealthService, type HealthService } from "./health/health-service";
import { createCluster, type Cluster, type ClusterStatus } from "./cluster/cluster";
import { startJobs } from "./runtime-jobs";
import { createAdaptivePins, type AdaptivePins } from "./adaptive/pins";
import { createLimitShare } from "./cluster/limit-share";

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
  const writeBehind = createWriteBehind(persistence.breakerHistory, {
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

export function createRuntime(config: AppConfig, log: Logger, clock: ServerClock = systemServerClock): Runtime {
  const f = createFoundation(config, log, clock);
  const { persistence, writeBehind, breakerRegistry, cluster } = f;
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
  const w = createWatchers(config, log, clock, f, gateway);

  let snapshots = new Map<string, unknown>();
  const services = createServiceRegistry({
    repo: persistence.services,
    gateway,
    audit: f.audit,
    log,
    snapshotOf: (name) => snapshots.get(name),
    onChanged: (name) => f.events.emit("service:changed", { name }),
    onMutated: (name) => cluster?.configChanged("service", name),
  });
  const adaptive = createAdaptivePins({ gateway, audit: f.audit, clock, log });
  // cluster mode: each instance's limit is published, pins apply on every instance
  const limitShare = config.redisUrl ? createLimitShare({ url: config.redisUrl, namespace: config.redisNamespace, instanceId: config.instanceId, gateway, pins: adaptive, clock, log }) : undefined;
  const breakers = createBreakerOperations({
    breakers: breakerRegistry,
    gateway,
    audit: f.audit,
    history: persistence.breakerHistory,
    adaptive: { pin: (s) => adaptive.get(s), lastReason: (s) => adaptive.lastReason(s), instances: (s) => limitShare?.instances(s) },
  });
  let stopJobs = () => {};

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
    ...(cluster ? { cluster } : {}),
    clusterStatus: () => (cluster ? cluster.status() : { mode: "single" as const, instanceId: config.instanceId }),
    startedAt: new Date(clock.now()),
    async start() {
      const file = config.configFile ? loadConfigFile(config.configFile, config.rootDir) : undefined;
      snapshots = new Map((await persistence.breakerHistory.snapshots()).map((r) => [r.name, JSON.parse(r.snapshot) as unknown]));
      await services.load(file?.services);
      snapshots.clear();
      cluster?.onConfigChange((m) => {
        const done =
          m.kind === "service" ? services.reload(m.key) : m.kind === "slo" ? w.slos.reload(m.key) : m.kind === "alerts" ? w.alerts.reload() : w.health.reload(m.key);
        done.catch((err: unknown) => log.error({ err, change: m }, "could not reload a definition changed on another instance"));
      });
      await cluster?.start();
      await limitShare?.start();
      if (file?.healthCheckers.length) {
        const names = await w.checkers.loadModules(file.healthCheckers, path.dirname(path.resolve(config.rootDir, config.configFile!)));
        log.info({ checkers: names }, `loaded ${names.length} custom health checker(s)`);
      }
      await w.alerts.load();
      await w.slos.load();
      await w.health.load();
      stopJobs = startJobs({ clock, log, persistence, writeBehind, gateway, metrics, slos: w.slos, health: w.health, alerts: w.alerts });
    },
    async close() {
      stopJobs();
      adaptive.close();
      await limitShare?.close();
      // the latest state of every breaker, then whatever history is still queued
      for (const [, b] of breakerRegistry.all()) writeBehind.snapshot(snapshotRow(b));
      await writeBehind.close();
      await cluster?.close();
      await w.health.close();
      await w.slos.flush(true).catch((err: unknown) => log.warn({ err }, "SLO buckets could not be written at shutdown"));
      await w.alerts.close();
      await gateway.close();
      await persistence.close();
    },
  };
}

declare global {
  var __breakwaterRuntime: Runtime | undefined;
}

export function installRuntime(runtime: Runtime): void {
  globalThis.__breakwaterRuntime = runtime;
}
