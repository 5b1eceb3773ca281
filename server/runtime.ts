// The process-wide runtime: created once by server/index.ts and kept on globalThis, because Next.js
// bundles route handlers separately and they must reach the same instance (see server/runtime-access.ts).
import path from "node:path";
import { systemClock } from "@/lib/engine/clock";
import type { AppConfig } from "./config";
import type { Logger } from "./logger";
import { createPersistence, type Persistence } from "./persistence";
import { createAuditRecorder, type AuditRecorder } from "./audit";
import { createAuthService, type AuthService } from "./auth/service";
import { createEventBus, type EventBus } from "./events";
import { createMetrics, type Metrics } from "./metrics";
import { createWriteBehind, type WriteBehind } from "./persistence/write-behind";
import { createGateway, type Gateway } from "./gateway/gateway";
import { recordTransition, SAMPLE_INTERVAL_MS, snapshotRow, takeSamples } from "./gateway/history";
import { createServiceRegistry, type ServiceRegistry } from "./services/registry";
import { createBreakerOperations, type BreakerOperations } from "./breakers/operations";
import { loadConfigFile } from "./services/config-file";
import { createCharts, type Charts } from "./breakers/charts";
import { createAlertsService, type AlertsService } from "./alerts/alerts-service";
import { BUILTIN_NOTIFIERS, createNotifierRegistry } from "./alerts/notifiers/registry";
import { createSloService, type SloService } from "./slos/slo-service";
import { breakerAlertLabels, bulkheadAlertLabels } from "./alerts/sources";
import { createCheckerRegistry } from "./health/registry";
import { BUILTIN_CHECKERS } from "./health/builtins";
import { createHealthService, type HealthService } from "./health/health-service";
import { createCluster, type Cluster, type ClusterStatus } from "./cluster/cluster";

export interface Runtime {
  config: AppConfig;
  log: Logger;
  persistence: Persistence;
  audit: AuditRecorder;
  auth: AuthService;
  events: EventBus;
  metrics: Metrics;
  writeBehind: WriteBehind;
  gateway: Gateway;
  services: ServiceRegistry;
  breakers: BreakerOperations;
  charts: Charts;
  alerts: AlertsService;
  slos: SloService;
  health: HealthService;
  /** Present in cluster mode (REDIS_URL). */
  cluster?: Cluster;
  clusterStatus(): ClusterStatus | { mode: "single"; instanceId: string };
  startedAt: Date;
  /** Loads services (database and config file) and restores breakers from their snapshots. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 250;

export function createRuntime(config: AppConfig, log: Logger): Runtime {
  const persistence = createPersistence(config.database);
  const events = createEventBus();
  const audit = createAuditRecorder(persistence.audit, (entry) =>
    events.emit("audit:entry", { ...entry, at: new Date().toISOString() }),
  );
  const auth = createAuthService(persistence, audit, { sessionTtlMs: config.sessionTtlMs });

  const writeBehind = createWriteBehind(persistence.breakerHistory, {
    onError: (err, pending) => log.warn({ err, pending }, "history write failed; will retry (nothing is lost)"),
  });
  // metrics read the gateway at scrape time; it is created just below
  const ref: { gateway?: Gateway; slos?: SloService; alerts?: AlertsService; cluster?: Cluster } = {};
  const metrics = createMetrics({
    *breakers() {
      for (const sg of ref.gateway?.services.values() ?? []) yield { name: sg.service.name, state: sg.breaker.state };
    },
    *bulkheads() {
      for (const sg of ref.gateway?.services.values() ?? []) {
        const s = sg.bulkhead.stats();
        yield { service: sg.service.name, active: s.active, queued: s.queued };
      }
    },
    sloBudgets: () => ref.slos?.budgets() ?? [],
    alertsFiring: () => ref.alerts?.firingCount() ?? {},
  });
  const gateway = createGateway({
    clock: systemClock,
    metrics,
    log,
    proxy: { maxBodyBytes: config.maxBodyBytes, replayBufferBytes: config.replayBufferBytes, trustProxy: config.proxyTrust },
    onOutcome: (service, ok, durationMs) => ref.slos?.record(service, ok, durationMs),
    ...(config.redisUrl ? { clusterMode: true, acquireTrial: (name: string, max: number) => ref.cluster!.acquireTrial(name, max) } : {}),
    onStateChange: (e) => {
      events.emit("breaker:state", e);
      // a breaker that opened raises a critical alert (where it opened), resolved wherever it closes
      const labels = breakerAlertLabels(e.name);
      if (e.to === "open" && !e.remote) {
        void alerts
          .raise({ labels, source: "breaker", severity: "critical", title: `Breaker ${e.name} opened (${e.reason})`, annotations: { summary: `Requests to ${e.name} are refused with 503 until it recovers`, reason: e.reason } })
          .catch((err: unknown) => log.error({ err }, "could not raise the breaker alert"));
      } else if (e.to === "closed" || e.to === "forced_closed") {
        void alerts.clear(labels, `breaker ${e.to === "closed" ? "closed" : "forced closed"}`).catch((err: unknown) => log.error({ err }, "could not resolve the breaker alert"));
      }
      // a state adopted from another instance was recorded there
      if (e.remote) return;
      ref.cluster?.onLocalTransition(e);
      recordTransition(writeBehind, gateway, e);
      log.info({ breaker: e.name, from: e.from, to: e.to, reason: e.reason, actor: e.actor }, `breaker ${e.name}: ${e.from} → ${e.to} (${e.reason})`);
    },
  });
  ref.gateway = gateway;

  let snapshots = new Map<string, unknown>();
  const services = createServiceRegistry({
    repo: persistence.services,
    gateway,
    audit,
    log,
    snapshotOf: (name) => snapshots.get(name),
    onRemoved: (name) => {
      void persistence.breakerHistory.deleteSnapshot(name).catch(() => undefined);
      ref.cluster?.forget(name);
    },
    onChanged: (name) => events.emit("service:changed", { name }),
    onMutated: (name) => ref.cluster?.configChanged("service", name),
  });
  const alerts = createAlertsService({
    repo: persistence.alerts,
    registry: createNotifierRegistry(BUILTIN_NOTIFIERS),
    audit,
    log,
    externalURL: () => config.publicUrl ?? `http://localhost:${config.port}`,
    onFired: (a) => events.emit("alert:fired", a),
    onUpdated: (a) => events.emit("alert:updated", a),
    onShared: () => ref.cluster?.configChanged("alerts", "*"),
  });
  ref.alerts = alerts;
  const slos = createSloService({
    repo: persistence.slos,
    audit,
    log,
    alerts,
    gateway,
    instanceId: config.instanceId,
    serviceExists: (name) => gateway.has(name),
    onStatus: (id, status) => events.emit("slo:status", { id, status }),
    onMutated: (id) => ref.cluster?.configChanged("slo", id),
  });
  ref.slos = slos;
  const cluster = config.redisUrl
    ? createCluster({
        url: config.redisUrl,
        namespace: config.redisNamespace,
        instanceId: config.instanceId,
        gateway,
        log,
        onStatus: (st) => events.emit("cluster:status", st),
        onInstances: (n) => gateway.setPerUserDivisor(n),
      })
    : undefined;
  ref.cluster = cluster;
  const checkers = createCheckerRegistry(BUILTIN_CHECKERS);
  const health = createHealthService({
    repo: persistence.health,
    registry: checkers,
    gateway,
    alerts,
    audit,
    log,
    instanceId: config.instanceId,
    serviceExists: (name) => gateway.has(name),
    onResult: (e) => events.emit("health:result", e),
    onMutated: (id) => ref.cluster?.configChanged("health", id),
  });

  const breakers = createBreakerOperations({
    gateway,
    audit,
    history: persistence.breakerHistory,
    persistSnapshot: (sg) => writeBehind.urgentSnapshot(snapshotRow(sg)),
  });

  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, fn: () => void) => {
    const t = setInterval(() => {
      try {
        fn();
      } catch (err) {
        log.error({ err }, "periodic task failed");
      }
    }, ms);
    t.unref();
    timers.push(t);
  };

  const runtime: Runtime = {
    config,
    log,
    persistence,
    audit,
    auth,
    events,
    metrics,
    writeBehind,
    gateway,
    services,
    breakers,
    charts: createCharts(persistence.breakerHistory),
    alerts,
    slos,
    health,
    ...(cluster ? { cluster } : {}),
    clusterStatus: () => (cluster ? cluster.status() : { mode: "single" as const, instanceId: config.instanceId }),
    startedAt: new Date(),
    async start() {
      const file = config.configFile ? loadConfigFile(config.configFile, config.rootDir) : undefined;
      snapshots = new Map((await persistence.breakerHistory.snapshots()).map((r) => [r.name, JSON.parse(r.snapshot) as unknown]));
      await services.load(file?.services);
      snapshots.clear();
      cluster?.onConfigChange((m) => {
        const done =
          m.kind === "service" ? services.reload(m.key) : m.kind === "slo" ? slos.reload(m.key) : m.kind === "alerts" ? alerts.reload() : health.reload(m.key);
        done.catch((err: unknown) => log.error({ err, change: m }, "could not reload a definition changed on another instance"));
      });
      await cluster?.start();
      if (file?.healthCheckers.length) {
        const names = await checkers.loadModules(file.healthCheckers, path.dirname(path.resolve(config.rootDir, config.configFile!)));
        log.info({ checkers: names }, `loaded ${names.length} custom health checker(s)`);
      }
      await alerts.load();
      await slos.load();
      await health.load();
      every(60_000, () => void health.flushMinutes().catch((err: unknown) => log.warn({ err }, "health minutes not written yet; will retry")));
      // SLOs: statuses and burn alerts every 2 s, buckets written every 10 s
      let evaluating = false;
      every(2_000, () => {
        if (evaluating) return;
        evaluating = true;
        slos
          .evaluate()
          .catch((err: unknown) => log.error({ err }, "SLO evaluation failed"))
          .finally(() => (evaluating = false));
      });
      every(10_000, () => void slos.flush().catch((err: unknown) => log.warn({ err }, "SLO buckets not written yet; will retry")));
      every(SWEEP_INTERVAL_MS, () => gateway.tick());
      // samples at 10 s boundaries
      const align = setTimeout(() => {
        let lastCounters = new Map<string, { bulkheadRejected: number }>();
        const sample = () => {
          lastCounters = takeSamples(writeBehind, gateway, new Date(Math.floor(Date.now() / SAMPLE_INTERVAL_MS) * SAMPLE_INTERVAL_MS - SAMPLE_INTERVAL_MS));
          metrics.setDroppedSamples(writeBehind.stats().droppedSamples);
        };
        const bulkheadAlerts = () => {
          for (const [name, c] of lastCounters) {
            const labels = bulkheadAlertLabels(name);
            if (c.bulkheadRejected > 0) {
              void alerts
                .raise({ labels, source: "bulkhead", severity: "warning", title: `Bulkhead of ${name} is rejecting requests`, annotations: { summary: `${c.bulkheadRejected} request(s) refused in the last 10 s` } })
                .catch(() => undefined);
            } else if (alerts.isOpen(labels)) void alerts.clear(labels, "no rejections in the last 10 s").catch(() => undefined);
          }
        };
        sample();
        bulkheadAlerts();
        every(SAMPLE_INTERVAL_MS, () => {
          sample();
          bulkheadAlerts();
        });
      }, SAMPLE_INTERVAL_MS - (Date.now() % SAMPLE_INTERVAL_MS));
      align.unref();
      timers.push(align);
      // housekeeping: expired sessions, old login attempts and samples older than a day
      every(3_600_000, () => {
        const now = Date.now();
        persistence.sessions.deleteExpired(new Date(now)).catch((err: unknown) => log.warn({ err }, "session clean-up failed"));
        persistence.loginAttempts.prune(new Date(now - 24 * 3_600_000)).catch((err: unknown) => log.warn({ err }, "login-attempt clean-up failed"));
        persistence.breakerHistory.pruneSamples(new Date(now - 25 * 3_600_000)).catch((err: unknown) => log.warn({ err }, "sample clean-up failed"));
        slos.prune().catch((err: unknown) => log.warn({ err }, "SLO bucket clean-up failed"));
        persistence.health.pruneMinutes(new Date(now - 7 * 86_400_000)).catch((err: unknown) => log.warn({ err }, "health minute clean-up failed"));
      });
    },
    async close() {
      for (const t of timers) clearInterval(t);
      // the latest state of every breaker, then whatever history is still queued
      for (const sg of gateway.services.values()) writeBehind.snapshot(snapshotRow(sg));
      await writeBehind.close();
      await cluster?.close();
      await health.close();
      await slos.flush(true).catch((err: unknown) => log.warn({ err }, "SLO buckets could not be written at shutdown"));
      await alerts.close();
      await gateway.close();
      await persistence.close();
    },
  };
  return runtime;
}

declare global {
  var __breakwaterRuntime: Runtime | undefined;
}

export function installRuntime(runtime: Runtime): void {
  globalThis.__breakwaterRuntime = runtime;
}
