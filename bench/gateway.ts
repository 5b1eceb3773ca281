/**
 * `gateway`: a proxied GET of a 1 KB body under autocannon (50 connections, 10 s × 3 rounds after a
 * warm-up), four targets side by side in one run, alternating order per round:
 *  - direct: the upstream itself (the physical limit on this machine);
 *  - undici-proxy: bench/ref/undici-proxy.ts, node:http + one undici Pool, nothing else;
 *  - http-proxy: bench/ref/http-proxy.ts, http-proxy 1.18.1 with a keep-alive agent;
 *  - breakwater: the real server (server/index.ts, production) proxying /gw/bench/ with its
 *    breaker, bulkhead and retry on (default settings, bulkhead maxConcurrent 1000).
 * The upstream and every proxy run in their own process; autocannon runs in this one. The machine
 * has 2 cores, so the load generator, the proxy under test and the upstream share them.
 * BENCH_DURATION_S, BENCH_ROUNDS, BENCH_WARMUP_S and BENCH_CONNECTIONS override the defaults for a
 * quick run; the recorded run uses the defaults.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fmt, machine, median, table, writeResult } from "./lib/harness";
const loadAvgAtStart = os.loadavg();
import { load, sleep, startBreakwater, startScript, type Child, type LoadResult } from "./lib/http-bench";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BODY_BYTES = 1024;

/** The service under test: defaults everywhere except a bulkhead wide enough for 50 connections. */
const SERVICE = {
  name: "bench",
  bulkhead: { maxConcurrent: 1000, maxQueue: 50 },
};

const ALL_TARGETS = ["direct", "undici-proxy", "http-proxy", "breakwater"] as const;
type Target = (typeof ALL_TARGETS)[number];
/** BENCH_TARGETS=undici-proxy,breakwater limits a quick (profiling) run; the recorded run uses all four. */
const TARGETS: Target[] = process.env.BENCH_TARGETS
  ? ALL_TARGETS.filter((t) => process.env.BENCH_TARGETS!.split(",").includes(t))
  : [...ALL_TARGETS];

async function check(url: string): Promise<void> {
  const r = await fetch(url);
  const body = await r.arrayBuffer();
  if (r.status !== 200 || body.byteLength !== BODY_BYTES) throw new Error(`${url}: status ${r.status}, ${body.byteLength} bytes`);
}

async function main(): Promise<void> {
  console.log(`machine: ${JSON.stringify(machine())}`);
  console.log(`autocannon ${CONNECTIONS} connections, ${DURATION_S} s × ${ROUNDS} rounds after ${WARMUP_S} s warm-up per target (alternating order)\n`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bw-bench-gateway-"));
  const procs: Child[] = [];
  try {
    const upstream = await startScript("bench/ref/upstream.ts", { UPSTREAM_BODY_BYTES: String(BODY_BYTES) });
    procs.push(upstream);
    const upstreamUrl = `http://127.0.0.1:${upstream.port}`;
    const undiciProxy = await startScript("bench/ref/undici-proxy.ts", { UPSTREAM: upstreamUrl });
    procs.push(undiciProxy);
    const httpProxy = await startScript("bench/ref/http-proxy.ts", { UPSTREAM: upstreamUrl });
    procs.push(httpProxy);
    const configFile = path.join(tmp, "services.yaml");
    fs.writeFileSync(configFile, `services:\n  - name: ${SERVICE.name}\n    baseUrl: ${upstreamUrl}\n    bulkhead: { maxConcurrent: ${SERVICE.bulkhead.maxConcurrent}, maxQueue: ${SERVICE.bulkhead.maxQueue} }\n`);
    const bw = await startBreakwater({ configFile, databaseFile: path.join(tmp, "bench.db") });
    procs.push(bw);

    const urls: Record<Target, string> = {
      direct: `${upstreamUrl}/data`,
      "undici-proxy": `http://127.0.0.1:${undiciProxy.port}/data`,
      "http-proxy": `http://127.0.0.1:${httpProxy.port}/data`,
      breakwater: `http://127.0.0.1:${bw.port}/gw/${SERVICE.name}/data`,
    };
    for (const t of TARGETS) await check(urls[t]);

    if (WARMUP_S > 0) {
      for (const t of TARGETS) {
        const w = await load(urls[t], { connections: CONNECTIONS, durationS: WARMUP_S });
        console.log(`warm-up ${t}: ${fmt(w.reqPerSec, 0)} req/s`);
      }
    }

    const samples: Record<Target, LoadResult[]> = { direct: [], "undici-proxy": [], "http-proxy": [], breakwater: [] };
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? [...TARGETS] : [...TARGETS].reverse();
      for (const t of order) {
        await sleep(500);
        const s = await load(urls[t], { connections: CONNECTIONS, durationS: DURATION_S });
        samples[t].push(s);
        console.log(
          `round ${r + 1} ${t.padEnd(12)} ${fmt(s.reqPerSec, 0).padStart(6)} req/s  p50 ${fmt(s.p50, 2)} ms  p99 ${fmt(s.p99, 2)} ms` +
            (s.non2xx + s.errors + s.timeouts > 0 ? `  (non-2xx ${s.non2xx}, errors ${s.errors}, timeouts ${s.timeouts})` : ""),
        );
      }
    }

    const med = (t: Target, k: "reqPerSec" | "p50" | "p99") => median(samples[t].map((s) => s[k]));
    /** per-round ratio ours/other, then the median over rounds */
    const ratio = (other: Target, k: "reqPerSec" | "p99") =>
      median(samples.breakwater.map((s, i) => s[k] / ((samples[other][i] as LoadResult | undefined)?.[k] ?? NaN)));
    const ratios = {
      "req/s ours / undici-proxy": { value: ratio("undici-proxy", "reqPerSec"), target: "≥ 0.90", ok: ratio("undici-proxy", "reqPerSec") >= 0.9 },
      "p99 ours / undici-proxy": { value: ratio("undici-proxy", "p99"), target: "≤ 1.2", ok: ratio("undici-proxy", "p99") <= 1.2 },
      "req/s ours / http-proxy": { value: ratio("http-proxy", "reqPerSec"), target: "≥ 1.5", ok: ratio("http-proxy", "reqPerSec") >= 1.5 },
      "req/s ours / direct": { value: ratio("direct", "reqPerSec"), target: "(physical limit)", ok: true },
      "p99 ours / direct": { value: ratio("direct", "p99"), target: "(physical limit)", ok: true },
      "req/s undici-proxy / direct": {
        value: median(samples["undici-proxy"].map((s, i) => s.reqPerSec / ((samples.direct[i] as LoadResult | undefined)?.reqPerSec ?? NaN))),
        target: "(for scale)",
        ok: true,
      },
    };

    const rows: (string | number)[][] = [["target", "median req/s", "median p50 ms", "median p99 ms", "req/s per round"]];
    for (const t of TARGETS) {
      rows.push([t, fmt(med(t, "reqPerSec"), 0), fmt(med(t, "p50"), 2), fmt(med(t, "p99"), 2), samples[t].map((s) => fmt(s.reqPerSec, 0)).join(" / ")]);
    }
    console.log("\n" + table(rows));
    const ratioRows: (string | number)[][] = [["ratio (median of per-round ratios)", "value", "target", ""]];
    for (const [k, v] of Object.entries(ratios)) ratioRows.push([k, fmt(v.value, 2), v.target, v.target.startsWith("(") ? "" : v.ok ? "met" : "MISSED"]);
    console.log("\n" + table(ratioRows));

    const file = writeResult("gateway", {
      settings: {
        connections: CONNECTIONS,
        durationS: DURATION_S,
        rounds: ROUNDS,
        warmupS: WARMUP_S,
        bodyBytes: BODY_BYTES,
        service: { ...SERVICE, note: "breaker, retry and timeout at their defaults (CONTRACT.md); no per-user bulkhead" },
        references: {
          "undici-proxy": "bench/ref/undici-proxy.ts: undici 7 Pool, 128 connections, pipelining 1",
          "http-proxy": "bench/ref/http-proxy.ts: http-proxy 1.18.1, http.Agent keepAlive, maxSockets 128",
          breakwater: "server/index.ts, NODE_ENV=production, LOG_LEVEL=warn, SQLite in a temp dir; upstream pool 128 connections",
        },
      },
      loadAverage: { atStart: loadAvgAtStart, atEnd: os.loadavg(), note: "1/5/15-min load averages of the machine (other work in the tree shares it)" },
      notes: [
        "every target runs in its own process; autocannon (the load generator) runs in the bench process: all share the machine's cores",
        "latencies are exact per-response times of 2xx responses recorded from autocannon's 'response' events (ms, float); autocannon's own integer-ms percentiles are kept under samples.*.autocannon",
        "ratios are computed per round (same round, adjacent in time) and the median over rounds is reported",
      ],
      samples,
      medians: Object.fromEntries(TARGETS.map((t) => [t, { reqPerSec: med(t, "reqPerSec"), p50: med(t, "p50"), p99: med(t, "p99") }])),
      ratios,
    });
    console.log(`\nwrote ${file}`);
  } finally {
    for (const p of procs.reverse()) await p.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
