// The runtime's start and close (used by createRuntime): what loads in which order at start, and
// what is stopped, recorded and flushed in which order at close.
import path from "node:path";
import type { AppConfig } from "./config";
import type { Logger } from "./logger";
import type { ServerClock } from "./clock";
import type { Persistence } from "./persistence";
import type { Metrics } from "./metrics";
import type { WriteBehind } from "./persistence/write-behind";
import type { BreakerRegistry } from "./breakers/registry";
import type { Gateway } from "./gateway/gateway";
import { snapshotRow } from "./gateway/history";
import type { ServiceRegistry } from "./services/registry";
import { loadConfigFile } from "./services/config-file";
import type { AlertsService } from "./alerts/alerts-service";
import type { SloService } from "./slos/slo-service";
import type { CheckerRegistry } from "./health/registry";
import type { HealthService } from "./health/health-service";
import type { Cluster } from "./cluster/cluster";
import type { LimitShare } from "./cluster/limit-share";
import type { AdaptivePins } from "./adaptive/pins";
import type { ChaosService } from "./chaos/chaos-service";
import { parseChaosMessage } from "./chaos/cluster-message";
import { startJobs } from "./runtime-jobs";

export interface RuntimeParts {
  config: AppConfig;
  log: Logger;
  clock: ServerClock;
  persistence: Persistence;
  writeBehind: WriteBehind;
  breakerRegistry: BreakerRegistry;
  metrics: Metrics;
  gateway: Gateway;
  services: ServiceRegistry;
  /** Breaker snapshots by name, filled at start while services load, then emptied. */
  snapshots: Map<string, unknown>;
  watchers: { alerts: AlertsService; slos: SloService; checkers: CheckerRegistry; health: HealthService };
  adaptive: AdaptivePins;
  limitShare?: LimitShare;
  chaos: ChaosService;
  cluster?: Cluster;
}

export function createLifecycle(p: RuntimeParts) {
  const { config, log, persistence, services, cluster, chaos, watchers: w } = p;
  let stopJobs = () => {};

  /** Another instance changed a definition (or an experiment): reload it here. */
  const followConfigChanges = (c: Cluster) =>
    c.onConfigChange((m) => {
      if (m.kind === "experiment") return void chaos.received(parseChaosMessage(m.key)).catch((err: unknown) => log.warn({ err, change: m }, "chaos message from another instance not applied"));
      const done =
        m.kind === "service" ? services.reload(m.key) : m.kind === "slo" ? w.slos.reload(m.key) : m.kind === "alerts" ? w.alerts.reload() : w.health.reload(m.key);
      done.catch((err: unknown) => log.error({ err, change: m }, "could not reload a definition changed on another instance"));
    });

  return {
    async start(): Promise<void> {
      const file = config.configFile ? loadConfigFile(config.configFile, config.rootDir) : undefined;
      for (const r of await persistence.breakerHistory.snapshots()) p.snapshots.set(r.name, JSON.parse(r.snapshot) as unknown);
      await services.load(file?.services);
      p.snapshots.clear();
      if (cluster) followConfigChanges(cluster);
      await cluster?.start();
      await p.limitShare?.start();
      if (file?.healthCheckers.length) {
        const names = await w.checkers.loadModules(file.healthCheckers, path.dirname(path.resolve(config.rootDir, config.configFile!)));
        log.info({ checkers: names }, `loaded ${names.length} custom health checker(s)`);
      }
      await w.alerts.load();
      await w.slos.load();
      await w.health.load();
      await chaos.start();
      stopJobs = startJobs({ clock: p.clock, sloFlushIntervalMs: p.config.sloFlushIntervalMs, log, persistence, writeBehind: p.writeBehind, gateway: p.gateway, metrics: p.metrics, slos: w.slos, health: w.health, alerts: w.alerts });
    },
    async close(): Promise<void> {
      stopJobs();
      p.adaptive.close();
      await p.limitShare?.close();
      // running experiments end as aborted (reason restart), stored, and told to the cluster
      await chaos.close().catch((err: unknown) => log.warn({ err }, "chaos experiments could not be recorded as aborted at shutdown"));
      // the latest state of every breaker, then whatever history is still queued
      for (const [, b] of p.breakerRegistry.all()) p.writeBehind.snapshot(snapshotRow(b));
      await p.writeBehind.close();
      await cluster?.close();
      await w.health.close();
      await w.slos.flush(true).catch((err: unknown) => log.warn({ err }, "SLO buckets could not be written at shutdown"));
      await w.alerts.close();
      await p.gateway.close();
      await persistence.close();
    },
  };
}
