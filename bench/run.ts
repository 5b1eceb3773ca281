/**
 * Benchmark dispatcher: `npm run bench` runs every registered benchmark, `npm run bench -- <name>…`
 * runs the named ones. Each runs in its own node process (fresh heap, optional node flags) and
 * writes bench/results/<name>.json. Register new benchmarks below.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface Entry {
  /** Module path relative to bench/. */
  module: string;
  /** Extra node flags. */
  nodeArgs?: string[];
  description: string;
}

export const BENCHMARKS: Record<string, Entry> = {
  engine: { module: "engine.ts", description: "breaker guard and bulkhead vs opossum / cockatiel (ns/op)" },
  "engine-memory": {
    module: "engine-memory.ts",
    nodeArgs: ["--expose-gc"],
    description: "heap and timers per breaker (10 000 breakers), flat heap after 1 M calls",
  },
  gateway: {
    module: "gateway.ts",
    description: "proxied 1 KB GET under wrk, each proxy on its own core: direct, nginx, HAProxy, undici, fastify, http-proxy, the undici-dispatch floor, Breakwater (req/s, p50, p99, CPU µs/request)",
  },
  "gateway-overload": {
    module: "gateway-overload.ts",
    description: "3× the bulkhead's capacity (--duration s, default 30) with history, SLOs and a health check on: rejection latency, event-loop delay, RSS and heap",
  },
  realtime: {
    module: "realtime.ts",
    description: "gateway req/s with 100 Socket.IO clients watching vs none; breaker:state event lag p99",
  },
  persistence: {
    module: "persistence.ts",
    description: "gateway CPU µs/request with history writes (SLOs, flapping breaker, alerts) on SQLite / PostgreSQL vs none; write-behind rows/s",
  },
  "history-cpu": {
    module: "history-cpu.ts",
    description: "gateway CPU µs/request with history on ÷ off, both servers loaded at the same time (paired rounds, CPUs swapped), SQLite and PostgreSQL, with an A/A control",
  },
  "history-share": {
    module: "history-share.ts",
    description: "history's share of the gateway's CPU by attribution: off and on servers under V8's sampling profiler, samples in history code (persistence, SLOs, alerts, audit, database drivers) on − off, SQLite and PostgreSQL",
  },
  "per-user": {
    module: "per-user.ts",
    nodeArgs: ["--expose-gc"],
    description: "per-user bulkhead, 100 000 keys: bytes per busy / idle key, heap after LRU eviction",
  },
  adaptive: {
    module: "adaptive.ts",
    description: "upstream of capacity C (20 ms each) halving at half time, 3× capacity open-loop (--duration s, default 60): no bulkhead, static C and 2C, aimd, gradient2 — goodput, p50/p99 of admitted, rejections, limit over time, settle time",
  },
  cluster: {
    module: "cluster.ts",
    description: "two instances + private Redis vs the same two without Redis: Redis commands/request, force propagation A → B, req/s ratio",
  },
};

const here = path.dirname(fileURLToPath(import.meta.url));
// names of benchmarks, then options passed on to each of them (`--duration 180` or `--duration=180`)
const args = process.argv.slice(2);
const requested: string[] = [];
const options: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string;
  if (!a.startsWith("-")) requested.push(a);
  else {
    options.push(a);
    const next = args[i + 1];
    if (!a.includes("=") && next !== undefined && !next.startsWith("-") && !(next in BENCHMARKS)) options.push(args[++i] as string);
  }
}
const unknown = requested.filter((n) => !(n in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${Object.keys(BENCHMARKS).join(", ")}`);
  process.exit(2);
}
const names = requested.length > 0 ? requested : Object.keys(BENCHMARKS);
let failed = 0;
for (const name of names) {
  const entry = BENCHMARKS[name] as Entry;
  console.log(`\n=== ${name}: ${entry.description}`);
  const r = spawnSync(process.execPath, [...(entry.nodeArgs ?? []), "--import", "tsx", path.join(here, entry.module), ...options], {
    stdio: "inherit",
    env: process.env,
  });
  if (r.status !== 0) {
    failed++;
    console.error(`benchmark ${name} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
