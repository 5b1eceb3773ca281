// Boot: env → database migrations → runtime → one HTTP server (gateway | probes | Socket.IO | Next.js) → graceful shutdown.
import http from "node:http";
import next from "next";
import { ConfigError, loadConfig } from "./config";
import { createLogger } from "./logger";
import { migrate } from "./persistence/migrator";
import { createRuntime, installRuntime } from "./runtime";
import { createSocketServer } from "./realtime/socket-server";
import { GATEWAY_PREFIX } from "./gateway/gateway";
import { ConfigFileError } from "./services/config-file";
import { handleHealthz, handleReadyz } from "./http/probes";
import { sendError } from "./http/json";
import { stampRequestContext } from "./http/request-context";
import { limitRequestBody } from "./http/body-limit";
import { ensureProductionBuild } from "./next-build";
import { describeDatabase } from "./persistence/describe";

async function main(): Promise<void> {
  const log = createLogger();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      log.fatal(err.message);
      process.exit(1);
    }
    throw err;
  }
  const dev = config.env === "development";

  const t0 = Date.now();
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

  if (!dev && config.buildOnStart) ensureProductionBuild(config.rootDir, log);
  const app = next({ dev, dir: config.rootDir, hostname: "localhost", port: config.port, quiet: !dev });
  await app.prepare();
  const handleNext = app.getRequestHandler();
  const handleUpgrade = app.getUpgradeHandler();

  const state = { shuttingDown: false, inFlight: 0 };
  const server = http.createServer((req, res) => {
    state.inFlight++;
    res.once("close", () => state.inFlight--);
    const url = req.url ?? "/";
    if (url.startsWith(GATEWAY_PREFIX)) {
      rt.gateway.handle(req, res).catch((err: unknown) => {
        log.error({ err, url }, "gateway error");
        if (!res.headersSent) sendError(res, 500, "internal_error", "internal error");
        else res.destroy();
      });
      return;
    }
    if (url === "/healthz") return handleHealthz(req, res, state);
    if (url === "/metrics") {
      rt.metrics.text().then(
        (text) => {
          res.writeHead(200, { "content-type": rt.metrics.contentType });
          res.end(text);
        },
        (err: unknown) => {
          log.error({ err }, "metrics failed");
          sendError(res, 500, "internal_error", "metrics unavailable");
        },
      );
      return;
    }
    if (url === "/readyz") return void handleReadyz(req, res, rt, rt.cluster ? [{ name: "redis", check: () => rt.cluster!.ping() }] : [], state);
    if (url.startsWith("/api/") && !limitRequestBody(req, res, config.apiMaxBodyBytes)) return;
    stampRequestContext(req, config.trustProxy);
    handleNext(req, res).catch((err: unknown) => {
      log.error({ err, url }, "unhandled error while rendering");
      if (!res.headersSent) sendError(res, 500, "internal_error", "internal error");
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  const io = createSocketServer(server, rt);
  server.on("upgrade", (req, socket, head) => {
    if (req.url?.startsWith("/socket.io")) return; // Socket.IO handles its own
    if (dev) return void handleUpgrade(req, socket, head);
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  log.info({ port, database: config.database.provider, ms: Date.now() - t0 }, `Breakwater is serving on http://localhost:${port}`);

  const shutdown = async (signal: string) => {
    if (state.shuttingDown) {
      log.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    state.shuttingDown = true;
    // whatever hangs (a dependency that never answers), the process ends
    setTimeout(() => {
      log.error("shutdown did not complete in time: exiting");
      process.exit(1);
    }, config.shutdownTimeoutMs + 10_000).unref();
    log.info({ signal, inFlight: state.inFlight }, "shutting down: no new connections, finishing in-flight requests");
    const hardStop = setTimeout(() => {
      log.warn({ inFlight: state.inFlight }, "in-flight requests did not finish in time: closing them");
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    hardStop.unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // keep-alive connections become idle as their last response ends: close them as they do
    server.closeIdleConnections();
    const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
    idleSweep.unref();
    await new Promise<void>((resolve) => void io.close(() => resolve()));
    await closed;
    clearInterval(idleSweep);
    clearTimeout(hardStop);
    await rt.close();
    await app.close().catch(() => undefined);
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  const log = createLogger();
  log.fatal({ err }, `Breakwater failed to start: ${(err as Error).message}`);
  process.exit(1);
});
