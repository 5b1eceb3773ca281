// Boot: env → database migrations → runtime → two HTTP listeners → graceful shutdown.
//   control plane (PORT): dashboard (Next.js), API, Socket.IO, probes, /metrics
//   data plane (BREAKWATER_GATEWAY_PORT): the gateway, services at /<service>/…
import http from "node:http";
import next from "next";
import { ConfigError, loadConfig, type AppConfig } from "./config";
import { createLogger, type Logger } from "./logger";
import { migrate } from "./persistence/migrator";
import { createRuntime, installRuntime, type Runtime } from "./runtime";
import { createSocketServer } from "./realtime/socket-server";
import { ConfigFileError } from "./services/config-file";
import { listenerUrl, setGatewayBaseUrl } from "./gateway/public-url";
import { controlHandler, gatewayHandler, type PlaneState } from "./http/planes";
import { closeGracefully, listen, onClientError, requestTimeouts } from "./http/listeners";
import { onStopSignals } from "./http/process-exit";
import { ensureProductionBuild } from "./next-build";
import { describeDatabase } from "./persistence/describe";

function configOrExit(log: Logger): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      log.fatal(err.message);
      process.exit(1);
    }
    throw err;
  }
}

async function boot(config: AppConfig, log: Logger): Promise<Runtime> {
  const migration = await migrate(config.database, config.rootDir);
  log.info(
    { database: describeDatabase(config.database), applied: migration.applied, alreadyApplied: migration.alreadyApplied },
    migration.applied.length ? `applied ${migration.applied.length} database migration(s)` : "database schema is up to date",
  );
  const rt = createRuntime(config, log);
  installRuntime(rt);
  try {
    await rt.start();
  } catch (err) {
    if (err instanceof ConfigFileError) {
      log.fatal(err.message);
      process.exit(1);
    }
    throw err;
  }
  const admin = await rt.auth.bootstrapAdmin(config.adminPassword, log);
  if (admin.generated) {
    // printed once, on the first start with an empty database
    process.stdout.write(
      `\n  Breakwater created the first user.\n    username: admin\n    password: ${admin.generated}\n  Sign in and change it in Settings → Users.\n\n`,
    );
  }
  return rt;
}

async function main(): Promise<void> {
  const log = createLogger();
  const t0 = Date.now();
  const config = configOrExit(log);
  const dev = config.env === "development";
  if (!dev && config.buildOnStart) ensureProductionBuild(config.rootDir, log);
  // Next loads its server and the build's manifests while the database migrates and the runtime
  // starts (both wait on I/O: the database, password hashing on the thread pool)
  const app = next({ dev, dir: config.rootDir, hostname: "localhost", port: config.port, quiet: !dev });
  const prepared = app.prepare();
  prepared.catch(() => undefined); // awaited below, after boot (which may exit first)
  const rt = await boot(config, log);
  await prepared;
  const handleUpgrade = app.getUpgradeHandler();

  const state: PlaneState = { shuttingDown: false, inFlight: 0 };
  const ports = { control: config.port, gateway: config.gatewayPort };
  const listeners = () => ({
    control: { port: ports.control, url: listenerUrl(config.host, ports.control), listening: control.listening },
    gateway: { port: ports.gateway, url: gatewayUrl, listening: gateway.listening },
  });
  const opts = requestTimeouts(config.requestTimeoutMs);
  const control = http.createServer(
    opts,
    controlHandler({ rt, log, state, dev, trustProxy: config.proxyTrust, apiMaxBodyBytes: config.apiMaxBodyBytes, handleNext: app.getRequestHandler(), listeners }),
  );
  const gateway = http.createServer(opts, gatewayHandler(rt, log, state));
  for (const s of [control, gateway]) {
    s.keepAliveTimeout = 65_000;
    s.on("clientError", onClientError(log));
  }
  const io = createSocketServer(control, rt);
  control.on("upgrade", (req, socket, head) => {
    if (req.url?.startsWith("/socket.io")) return; // Socket.IO handles its own
    if (dev) return void handleUpgrade(req, socket, head);
    socket.destroy();
  });
  gateway.on("upgrade", (_req, socket) => socket.destroy()); // the gateway proxies HTTP only

  // the gateway listens first so that the dashboard knows its URL from its first page on
  ports.gateway = await listen(gateway, config.gatewayPort, config.gatewayHost);
  const gatewayUrl = config.gatewayPublicUrl?.replace(/\/+$/, "") ?? listenerUrl(config.gatewayHost, ports.gateway);
  setGatewayBaseUrl(gatewayUrl);
  ports.control = await listen(control, config.port, config.host);
  const dashboardUrl = listenerUrl(config.host, ports.control);
  log.info(
    { port: ports.control, gatewayPort: ports.gateway, gatewayUrl, database: config.database.provider, ms: Date.now() - t0 },
    `Breakwater is serving: dashboard and API on ${dashboardUrl}, gateway on ${gatewayUrl}/<service>/…`,
  );

  onStopSignals(log, config.shutdownTimeoutMs, state, async () => {
    log.info({ inFlight: state.inFlight }, "shutting down: no new connections, finishing in-flight requests");
    const ioClosed = new Promise<void>((resolve) => void io.close(() => resolve()));
    await closeGracefully([control, gateway], config.shutdownTimeoutMs, log, () => state.inFlight);
    await ioClosed;
    await rt.close();
    await app.close().catch(() => undefined);
    log.info("stopped");
  });
}

main().catch((err: unknown) => {
  const log = createLogger();
  log.fatal({ err }, `Breakwater failed to start: ${(err as Error).message}`);
  process.exit(1);
});
