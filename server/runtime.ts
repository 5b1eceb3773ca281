// The process-wide runtime: created once by server/index.ts and kept on globalThis, because Next.js
// bundles route handlers separately and they must reach the same instance (see server/runtime-access.ts).
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
  const auth = createAuthService(persistence, audit, {
    sessionTtlMs: config.sessionTtlMs,
    onSessionRevoked: (sessionId) => events.emit("session:revoked", { sessionId }),
    onUserSessionsRevoked: (userId) => events.emit("user:sessions_revoked", { userId }),
  });

  const writeBehind = createWriteBehind(persistence.breakerHistory, {
    onError: (err, pending) => log.warn({ err, pending }, "history write failed; will retry (nothing is lost)"),
  });
  // metrics read the gateway at scrape time; it is created just below
  const ref: { gateway?: Gateway } = {};
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
  });
  const gateway = createGateway({
    clock: systemClock,
    metrics,
    log,
    proxy: { maxBodyBytes: config.maxBodyBytes, replayBufferBytes: config.replayBufferBytes, trustProxy: config.trustProxy },
    onStateChange: (e) => {
      recordTransition(writeBehind, gateway, e);
      events.emit("breaker:state", e);
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
    onRemoved: (name) => void persistence.breakerHistory.deleteSnapshot(name).catch(() => undefined),
    onChanged: (name) => events.emit("service:changed", { name }),
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
    startedAt: new Date(),
    async start() {
      const file = config.configFile ? loadConfigFile(config.configFile, config.rootDir) : undefined;
      snapshots = new Map((await persistence.breakerHistory.snapshots()).map((r) => [r.name, JSON.parse(r.snapshot) as unknown]));
      await services.load(file?.services);
      snapshots.clear();
      every(SWEEP_INTERVAL_MS, () => gateway.tick());
      // samples at 10 s boundaries
      const align = setTimeout(() => {
        const sample = () => {
          takeSamples(writeBehind, gateway, new Date(Math.floor(Date.now() / SAMPLE_INTERVAL_MS) * SAMPLE_INTERVAL_MS - SAMPLE_INTERVAL_MS));
          metrics.setDroppedSamples(writeBehind.stats().droppedSamples);
        };
        sample();
        every(SAMPLE_INTERVAL_MS, sample);
      }, SAMPLE_INTERVAL_MS - (Date.now() % SAMPLE_INTERVAL_MS));
      align.unref();
      timers.push(align);
      // housekeeping: expired sessions, old login failures and samples older than a day
      every(3_600_000, () => {
        const now = Date.now();
        persistence.sessions.deleteExpired(new Date(now)).catch((err: unknown) => log.warn({ err }, "session clean-up failed"));
        persistence.loginFailures.prune(new Date(now - 24 * 3_600_000)).catch((err: unknown) => log.warn({ err }, "login-failure clean-up failed"));
        persistence.breakerHistory.pruneSamples(new Date(now - 25 * 3_600_000)).catch((err: unknown) => log.warn({ err }, "sample clean-up failed"));
      });
    },
    async close() {
      for (const t of timers) clearInterval(t);
      // the latest state of every breaker, then whatever history is still queued
      for (const sg of gateway.services.values()) writeBehind.snapshot(snapshotRow(sg));
      await writeBehind.close();
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
