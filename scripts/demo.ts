// npm run demo: Breakwater (as `npm start`) plus three demo upstreams declared as services, and a
// traffic generator sending requests through the gateway — breakers trip and recover, bulkheads
// and per-user bulkheads fill. A ready-made chaos experiment is created through the API (signed in
// as admin, see demo/admin.ts), scheduled to start a minute after the demo is up; the demo prints
// when and where to watch it. Ctrl-C stops everything.
//   DEMO_RPS (default 25)  DEMO_USERS (default 5)  DEMO_NOISY_CONCURRENCY (default 8)
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { demoAdminPassword, type DemoAdmin } from "./demo/admin";
import { createDemoExperiment, DEMO_EXPERIMENT_START_IN_SECONDS, DemoSignInError, writeDemoExperiment } from "./demo/experiment";
import { startDemoUpstreams } from "./demo/upstreams";
import { startTraffic } from "./demo/traffic";

const root = path.resolve(__dirname, "..");
const port = Number(process.env.PORT ?? 3000);
const gatewayPort = Number(process.env.BREAKWATER_GATEWAY_PORT ?? 8080);
const rps = Number(process.env.DEMO_RPS ?? 25);
const users = Number(process.env.DEMO_USERS ?? 5);
const noisy = Number(process.env.DEMO_NOISY_CONCURRENCY ?? 8);

/** Creates the demo's experiment through the API and says what it did, or why not and how to start it by hand. */
async function scheduleExperiment(base: string, admin: DemoAdmin): Promise<void> {
  const experimentFile = path.join(root, "data", "demo-experiment.json");
  const summary = writeDemoExperiment(experimentFile);
  const login = admin.from === "env" ? "admin (the password in BREAKWATER_ADMIN_PASSWORD)" : `admin / ${admin.password} (kept in data/demo-admin-password)`;
  try {
    const e = await createDemoExperiment({ base, password: admin.password, startInSeconds: DEMO_EXPERIMENT_START_IN_SECONDS });
    const at = new Date(e.startAt).toLocaleTimeString();
    console.log(
      `  Sign in as ${login}.\n` +
        `  A chaos experiment is scheduled: it starts at ${at} (in ${DEMO_EXPERIMENT_START_IN_SECONDS} s): ${e.summary}.\n` +
        `  Watch it under Experiments: http://localhost:${port}/experiments/${e.id} — while it runs, every page shows a banner with Stop and Stop all.\n`,
    );
  } catch (err) {
    console.log(
      (err instanceof DemoSignInError ? "" : `  Sign in as ${login}.\n`) +
        `  The demo's chaos experiment was NOT created: ${(err as Error).message}.\n` +
        `  It is in data/demo-experiment.json (${summary}). Start it from Experiments → New experiment (same values), or with an operator API token:\n` +
        `    curl -H "authorization: Bearer $TOKEN" -H "content-type: application/json" --data @data/demo-experiment.json http://localhost:${port}/api/v1/experiments\n`,
    );
  }
}

async function main() {
  const admin = demoAdminPassword(path.join(root, "data", "demo-admin-password"));
  const up = await startDemoUpstreams();
  const configFile = path.join(root, "data", "demo.yaml");
  mkdirSync(path.dirname(configFile), { recursive: true });
  writeFileSync(
    configFile,
    `# written by npm run demo
services:
  - name: healthy
    baseUrl: ${up.healthy.url}
    perUserBulkhead: { key: "header:x-user-id", maxConcurrent: 3 }
  - name: flaky
    baseUrl: ${up.flaky.url}
    breaker: { minimumCalls: 10, window: { type: count, size: 40 }, waitInOpenMs: 10000, maxWaitInOpenMs: 60000 }
    retry: { maxAttempts: 2, budgetPercent: 10 }
  - name: slow
    baseUrl: ${up.slow.url}
    timeoutMs: 3000
    breaker: { slowCallDurationMs: 800, slowCallRateThreshold: 60, minimumCalls: 10, window: { type: time, seconds: 30 }, waitInOpenMs: 15000 }
    bulkhead: { maxConcurrent: 6, maxQueue: 4, queueTimeoutMs: 500 }
`,
  );
  const compiled = spawnSync(process.execPath, ["scripts/build-server.mjs"], { cwd: root, stdio: "inherit" });
  if (compiled.status !== 0) process.exit(compiled.status ?? 1);
  const server = spawn(process.execPath, ["--enable-source-maps", "dist/server/index.js"], {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      BREAKWATER_GATEWAY_PORT: String(gatewayPort),
      DATABASE_URL: process.env.DATABASE_URL ?? "file:./data/demo.db",
      BREAKWATER_CONFIG: configFile,
      // used when the demo database is new: the demo signs in with it to create its experiment
      BREAKWATER_ADMIN_PASSWORD: admin.password,
    },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) process.exit(server.exitCode);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 500));
    if (i > 600) throw new Error("Breakwater did not start within 5 minutes");
  }
  // the gateway's actual port (BREAKWATER_GATEWAY_PORT=0 picks a free one)
  const ready = (await (await fetch(`${base}/readyz`)).json()) as { listeners?: { gateway?: { port: number; url: string } } };
  const gateway = ready.listeners?.gateway ?? { port: gatewayPort, url: `http://localhost:${gatewayPort}` };
  const traffic = startTraffic({ base: `http://127.0.0.1:${gateway.port}`, services: ["healthy", "flaky", "slow"], rps, users, noisyConcurrency: noisy });
  console.log(
    `\n  Demo running: open the dashboard at http://localhost:${port}; the gateway serves the services at ${gateway.url}/<service>/… — traffic ${rps} req/s from ${users} users + one noisy user.\n`,
  );
  await scheduleExperiment(base, admin);
  const report = setInterval(() => {
    const s = traffic.stats();
    console.log(
      `  demo: ${s.sent} sent · ${JSON.stringify(s.byStatus)} · flaky: ${up.flaky.describe()} · slow: ${up.slow.describe()}`,
    );
  }, 15_000);
  const stop = () => {
    clearInterval(report);
    traffic.stop();
    server.kill("SIGTERM");
    server.once("exit", () => Promise.all(up.all.map((u) => u.close())).then(() => process.exit(0)));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
