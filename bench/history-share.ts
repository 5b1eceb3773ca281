/**
 * `history-share`: what history costs the gateway per proxied request, by attribution inside one
 * process instead of by the difference between two. `history-cpu` compares two servers' CPU per
 * request; on a VM whose speed moves by ±5–20 % from moment to moment that difference cannot be
 * resolved to the 3 % of the target. Here each server runs with V8's sampling profiler, and the
 * share of its main thread's samples spent in history code is measured over the same moments as the
 * rest, so it is not moved by the machine's speed.
 *
 * Per database (SQLite, PostgreSQL on 127.0.0.1:5432, fresh databases dropped afterwards) and side
 * ("off" and "on", bench/lib/history-load.ts: on = 3 SLOs and a breaker flapping ≈ 10 times a
 * second with alerts, audit and snapshots), one server started with `--cpu-prof` (250 µs interval),
 * pinned to CPU 0 and loaded by wrk (1 thread, 50 connections, 1 KB GET) on CPU 1 with the API
 * driver beside; the sides alternate per round. Per run: the process's and its main thread's CPU µs
 * per request (/proc), the share of the main thread's busy samples whose stack holds history code —
 * server/persistence, server/slos, server/alerts, server/audit.ts, the gateway's history and interval
 * counters (server/gateway/history.ts, interval-counters.ts), the generated Prisma clients and
 * the database drivers (also used outside history, e.g. for API tokens: the "off" side measures that
 * baseline) — and the worker threads' busy time (the SQLite writer). History µs/request = share ×
 * main-thread CPU/request + workers. Reported per database: on − off, ÷ off's process CPU/request;
 * target (issue #15, goal 4): ≤ 3 %. Not attributed: garbage collection caused by history's
 * allocations and cache effects — the GC shares of both sides are shown for that. The profiler itself
 * costs CPU: absolute µs/request here run higher than in `gateway`.
 * Options: --duration <s> (default 12), --rounds (default 2), --warmup (default 4), --connections.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fmt, machine, median, loadOptions, table, writeResult, runMain } from "./lib/harness";
const loadAvgAtStart = os.loadavg();
import { createPgDatabase, createToken, dropPgDatabase, startBreakwater } from "./lib/breakwater";
import { ensureTools } from "./lib/ensure-tools";
import { addHistorySlos, driver, historyServicesYaml } from "./lib/history-load";
import { freePort, startScript } from "./lib/http-bench";
import { attributeProfile, loadSourceMap, monotonicUs, profilesOf } from "./lib/profile-attribution";
import { pin, processTree, threadCpuSeconds, wrk } from "./lib/wrk";

const { durationS: DURATION_S, rounds: ROUNDS, warmupS: WARMUP_S, connections: CONNECTIONS } = loadOptions({ durationS: 12, rounds: 2, warmupS: 4, connections: 50 });
const INTERVAL_US = 250;
const PARTS = [
  { name: "history", files: /server\/(persistence|slos|alerts)\/|server\/audit\.ts|server\/gateway\/(history|interval-counters)\.ts|prisma\/generated\/|node_modules\/(@prisma|pg|pg-protocol|pg-pool|better-sqlite3)\// },
  { name: "gateway", files: /server\/gateway\/|lib\/engine\// },
];

interface Run {
  db: string;
  side: "off" | "on";
  requests: number;
  cpuUsPerReq: number;
  mainUsPerReq: number;
  busy: number;
  shares: Record<string, number>;
  workersUsPerReq: number;
  historyUsPerReq: number;
}

async function runOne(tmp: string, configFile: string, db: string, on: boolean, upstreamPid: number, hasTaskset: boolean): Promise<Run> {
  const profDir = fs.mkdtempSync(path.join(tmp, "prof-"));
  const pgName = `bw_bench_hshare_${process.pid}`;
  const databaseUrl = db === "postgres" ? await createPgDatabase(pgName) : `file:${path.join(profDir, "bench.db")}`;
  const child = await startBreakwater({ configFile, databaseUrl, nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profDir}`, `--cpu-prof-interval=${INTERVAL_US}`] });
  let window: [number, number];
  let requests = 0;
  let cpuS = 0;
  let mainS = 0;
  try {
    const token = await createToken(child.base, "admin", `bench-${db}-${on ? "on" : "off"}`);
    if (on) await addHistorySlos(child.base, token);
    pin(processTree(child.pid), 0, hasTaskset);
    pin([upstreamPid], 1, hasTaskset);
    const side = { child, base: child.base, token };
    const load = async (s: number) => {
      const until = Date.now() + s * 1000;
      const [r] = await Promise.all([wrk(child.serviceUrl("bench", "/data"), { connections: CONNECTIONS, durationS: s, cpu: 1, hasTaskset, measure: [child.pid] }), driver(side, on, until)]);
      return r;
    };
    if (WARMUP_S > 0) await load(WARMUP_S);
    const main0 = threadCpuSeconds(child.pid);
    const from = monotonicUs();
    const r = await load(DURATION_S);
    window = [from, monotonicUs()];
    mainS = threadCpuSeconds(child.pid) - main0;
    requests = r.requests;
    cpuS = r.cpuS;
  } finally {
    await child.stop(); // writes the profiles
    if (db === "postgres") await dropPgDatabase(pgName).catch(() => undefined);
  }
  const sourceMap = loadSourceMap(path.resolve("dist/server/index.js.map"));
  const [mainProfile, ...workerProfiles] = profilesOf(profDir, child.pid);
  if (!mainProfile) throw new Error(`no CPU profile written in ${profDir}`);
  const opts = { compiledUrl: "dist/server/index.js", sourceMap, parts: PARTS, fromUs: window[0], toUs: window[1] };
  const main = attributeProfile(mainProfile, opts);
  const workerBusy = workerProfiles.reduce((n, f) => n + attributeProfile(f, opts).busy, 0);
  const shares = Object.fromEntries(Object.entries(main.parts).map(([k, v]) => [k, v / Math.max(1, main.busy)]));
  const mainUsPerReq = (mainS * 1e6) / requests;
  const workersUsPerReq = (workerBusy * INTERVAL_US) / requests;
  fs.rmSync(profDir, { recursive: true, force: true });
  return {
    db,
    side: on ? "on" : "off",
    requests,
    cpuUsPerReq: (cpuS * 1e6) / requests,
    mainUsPerReq,
    busy: main.busy,
    shares,
    workersUsPerReq,
    historyUsPerReq: shares.history! * mainUsPerReq + workersUsPerReq,
  };
}

async function main(): Promise<void> {
  console.log(`machine: ${JSON.stringify(machine())}, load average ${loadAvgAtStart.map((x) => x.toFixed(2)).join(" ")}`);
  const tools = ensureTools(["wrk", "taskset"]);
  if (!tools.has("wrk")) throw new Error("wrk is required");
  const hasTaskset = tools.has("taskset");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bw-history-share-"));
  const upstream = await startScript("bench/ref/upstream.ts", { UPSTREAM_BODY_BYTES: "1024" });
  const runs: Run[] = [];
  try {
    const configFile = path.join(tmp, "services.yaml");
    fs.writeFileSync(configFile, historyServicesYaml(`http://127.0.0.1:${upstream.port}`, `http://127.0.0.1:${await freePort()}`));
    for (const db of ["sqlite", "postgres"]) {
      for (let r = 0; r < ROUNDS; r++) {
        for (const on of r % 2 === 0 ? [false, true] : [true, false]) {
          const x = await runOne(tmp, configFile, db, on, upstream.pid, hasTaskset);
          runs.push(x);
          console.log(
            `${db.padEnd(8)} round ${r + 1} ${x.side.padEnd(3)}  CPU ${fmt(x.cpuUsPerReq, 1)} µs/req (main thread ${fmt(x.mainUsPerReq, 1)}), ${x.busy} busy samples: ` +
              `history ${fmt(100 * x.shares.history!, 2)} %, gateway ${fmt(100 * x.shares.gateway!, 1)} %, GC ${fmt(100 * x.shares.gc!, 2)} %; workers ${fmt(x.workersUsPerReq, 2)} µs/req → history ${fmt(x.historyUsPerReq, 2)} µs/req`,
          );
        }
      }
    }
    const rows: (string | number)[][] = [["database", "CPU µs/req off / on", "history share off / on", "GC share off / on", "history µs/req off / on", "on − off ÷ off's CPU/req", "target ≤ 3 %"]];
    const summary = [];
    for (const db of ["sqlite", "postgres"]) {
      const side = (s: "off" | "on") => runs.filter((x) => x.db === db && x.side === s);
      const m = (s: "off" | "on", f: (x: Run) => number) => median(side(s).map(f));
      const cost = (m("on", (x) => x.historyUsPerReq) - m("off", (x) => x.historyUsPerReq)) / m("off", (x) => x.cpuUsPerReq);
      summary.push({ db, cost });
      rows.push([
        db,
        `${fmt(m("off", (x) => x.cpuUsPerReq), 1)} / ${fmt(m("on", (x) => x.cpuUsPerReq), 1)}`,
        `${fmt(100 * m("off", (x) => x.shares.history!), 2)} / ${fmt(100 * m("on", (x) => x.shares.history!), 2)} %`,
        `${fmt(100 * m("off", (x) => x.shares.gc!), 2)} / ${fmt(100 * m("on", (x) => x.shares.gc!), 2)} %`,
        `${fmt(m("off", (x) => x.historyUsPerReq), 2)} / ${fmt(m("on", (x) => x.historyUsPerReq), 2)}`,
        `${fmt(100 * cost, 2)} %`,
        cost <= 0.03 ? "met" : "MISSED",
      ]);
    }
    console.log(`\n${table(rows)}\n\nload average at start ${loadAvgAtStart.map((x) => x.toFixed(2)).join(" ")}, at end ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
    writeResult("history-share", {
      machine: machine(),
      loadAverage: { start: loadAvgAtStart, end: os.loadavg() },
      settings: { connections: CONNECTIONS, durationS: DURATION_S, rounds: ROUNDS, warmupS: WARMUP_S, profileIntervalUs: INTERVAL_US, parts: PARTS.map((p) => ({ name: p.name, files: String(p.files) })) },
      runs,
      summary,
    });
  } finally {
    await upstream.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main);
