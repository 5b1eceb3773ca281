/**
 * `gateway`: a proxied GET of a 1 KB body, driven by wrk (1 thread, 50 connections), every target
 * side by side in one run: a warm-up, then 3 rounds in alternating order.
 *  - direct:        the upstream itself (bench/ref/upstream.ts);
 *  - nginx:         Debian nginx, 1 worker, keep-alive pool of 128 to the upstream;
 *  - haproxy:       Debian HAProxy, `nbthread 1`, `http-reuse always`;
 *  - undici-proxy:  bench/ref/undici-proxy.ts, node:http + one undici Pool (the minimal Node proxy);
 *  - fastify-proxy: bench/ref/fastify-proxy.ts, fastify 5 + @fastify/http-proxy;
 *  - http-proxy:    bench/ref/http-proxy.ts, http-proxy 1.18 with a keep-alive agent;
 *  - dispatch-floor: bench/ref/dispatch-proxy.ts, node:http + undici's dispatch API writing straight
 *                   into the response, no guards: the floor of the stack the gateway is built on;
 *  - breakwater:    the real server with breaker, bulkhead and retry on (bulkhead 1000 wide).
 * Every proxy is pinned to CPU 0 (taskset, all threads); wrk and the upstream run on CPU 1, except
 * for `direct`, where the upstream moves to CPU 0. So each proxy gets exactly one core, as nginx
 * with 1 worker and HAProxy with 1 thread do. Reported per target: median req/s, p50, p99 (wrk
 * --latency), and CPU µs per request of the proxy's processes (utime + stime from
 * /proc/<pid>/stat over the run ÷ requests; nginx: master + worker), with ratios to HAProxy, nginx,
 * the minimal undici proxy, fastify and the dispatch floor. wrk, nginx and HAProxy are apt-get installed when missing;
 * one that cannot be had is skipped. The warm-up runs until a target has served 20 000 requests
 * (in --warmup slices, at most 4). Options: --duration <s> (default 8), --rounds, --warmup,
 * --connections (or BENCH_DURATION_S, BENCH_ROUNDS, BENCH_WARMUP_S, BENCH_CONNECTIONS);
 * BENCH_TARGETS=haproxy,breakwater limits a quick run. --bracket (or BENCH_BRACKET=1): each round
 * runs Breakwater before the first reference, then after each one (bw, ref1, bw, ref2, …, bw), and
 * Breakwater's ratio to a reference is taken against the mean of the two Breakwater runs either
 * side of it, seconds apart instead of up to six targets apart: on a VM whose speed drifts, this
 * cancels most of the drift from the ratio (Breakwater's own medians then come from all its runs).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fmt, machine, median, loadOptions, table, writeResult, runMain, stopAndClean } from "./lib/harness";
const loadAvgAtStart = os.loadavg();
import { startBreakwater } from "./lib/breakwater";
import { ensureTools } from "./lib/ensure-tools";
import { sleep, startScript, type Child } from "./lib/http-bench";
import { startHaproxy, startNginx } from "./lib/native-proxies";
import { pin, processTree, wrk, type WrkResult } from "./lib/wrk";

const { durationS: DURATION_S, rounds: ROUNDS, warmupS: WARMUP_S, connections: CONNECTIONS } = loadOptions({ durationS: 8, rounds: 3, warmupS: 3, connections: 50 });
/** --bracket (or BENCH_BRACKET=1): Breakwater runs before and after every reference in each round. */
const BRACKET = process.argv.includes("--bracket") || process.env.BENCH_BRACKET === "1";
const BODY_BYTES = 1024;
const WARMUP_REQUESTS = 20_000;
const PROXY_CPU = 0;
const LOAD_CPU = 1;

/** The service under test: defaults (breaker, retry, timeout) plus a bulkhead wide enough for 50 connections. */
const SERVICE = { name: "bench", bulkhead: { maxConcurrent: 1000, maxQueue: 50 } };

const ALL_TARGETS = ["direct", "nginx", "haproxy", "undici-proxy", "fastify-proxy", "http-proxy", "dispatch-floor", "breakwater"] as const;
type Target = (typeof ALL_TARGETS)[number];
const REFERENCES = [
  ["haproxy", "×HAProxy"],
  ["nginx", "×nginx"],
  ["undici-proxy", "×undici"],
  ["fastify-proxy", "×fastify"],
  ["dispatch-floor", "×floor"],
] as const;

interface Running {
  url: string;
  /** processes whose CPU time is the target's (the proxy; for direct, the upstream) */
  pids: number[];
}

async function check(url: string): Promise<void> {
  const r = await fetch(url);
  const body = await r.arrayBuffer();
  if (r.status !== 200 || body.byteLength !== BODY_BYTES) throw new Error(`${url}: status ${r.status}, ${body.byteLength} bytes`);
}

async function startTargets(tmp: string, wanted: Target[], upstream: Child, procs: Child[]): Promise<Map<Target, Running>> {
  const upstreamUrl = `http://127.0.0.1:${upstream.port}`;
  const tools = ensureTools(["wrk", "taskset", ...(wanted.includes("nginx") ? (["nginx"] as const) : []), ...(wanted.includes("haproxy") ? (["haproxy"] as const) : [])]);
  if (!tools.has("wrk")) throw new Error("wrk is required");
  const hasTaskset = tools.has("taskset");
  const running = new Map<Target, Running>();
  const add = (t: Target, c: Child, url = `http://127.0.0.1:${c.port}/data`) => {
    procs.push(c);
    const pids = processTree(c.pid);
    pin(pids, PROXY_CPU, hasTaskset);
    running.set(t, { url, pids });
  };
  for (const t of wanted) {
    if (t === "direct") running.set(t, { url: `${upstreamUrl}/data`, pids: [upstream.pid] });
    else if (t === "nginx" && tools.has("nginx")) add(t, await startNginx(tmp, upstream.port));
    else if (t === "haproxy" && tools.has("haproxy")) add(t, await startHaproxy(tmp, upstream.port));
    else if (t === "undici-proxy" || t === "fastify-proxy" || t === "http-proxy") add(t, await startScript(`bench/ref/${t}.ts`, { UPSTREAM: upstreamUrl }));
    else if (t === "dispatch-floor") add(t, await startScript("bench/ref/dispatch-proxy.ts", { UPSTREAM: upstreamUrl }));
    else if (t === "breakwater") {
      const configFile = path.join(tmp, "services.yaml");
      fs.writeFileSync(configFile, `services:\n  - name: ${SERVICE.name}\n    baseUrl: ${upstreamUrl}\n    bulkhead: { maxConcurrent: ${SERVICE.bulkhead.maxConcurrent}, maxQueue: ${SERVICE.bulkhead.maxQueue} }\n`);
      const bw = await startBreakwater({ configFile, databaseUrl: `file:${path.join(tmp, "bench.db")}` });
      add(t, bw, bw.serviceUrl(SERVICE.name, "/data"));
    }
  }
  return running;
}

async function main(): Promise<void> {
  const wanted: Target[] = process.env.BENCH_TARGETS ? ALL_TARGETS.filter((t) => process.env.BENCH_TARGETS!.split(",").includes(t)) : [...ALL_TARGETS];
  console.log(`machine: ${JSON.stringify(machine())}, load average ${loadAvgAtStart.map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`wrk -t1 -c${CONNECTIONS} on CPU ${LOAD_CPU}, proxies on CPU ${PROXY_CPU}; ${DURATION_S} s × ${ROUNDS} rounds after ${WARMUP_S} s warm-up per target (alternating order${BRACKET ? "; Breakwater bracketing every reference" : ""})\n`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bw-bench-gateway-"));
  const procs: Child[] = [];
  try {
    const upstream = await startScript("bench/ref/upstream.ts", { UPSTREAM_BODY_BYTES: String(BODY_BYTES) });
    procs.push(upstream);
    const running = await startTargets(tmp, wanted, upstream, procs);
    const targets = wanted.filter((t) => running.has(t));
    const hasTaskset = ensureTools(["taskset"]).has("taskset");
    for (const t of targets) await check(running.get(t)!.url);

    const run = async (t: Target, durationS: number): Promise<WrkResult> => {
      const r = running.get(t)!;
      pin([upstream.pid], t === "direct" ? PROXY_CPU : LOAD_CPU, hasTaskset);
      await sleep(300);
      return wrk(r.url, { connections: CONNECTIONS, durationS, cpu: LOAD_CPU, hasTaskset, measure: r.pids });
    };
    // warm-up: at least WARMUP_REQUESTS requests (JIT), in WARMUP_S slices, at most 4 of them
    for (const t of WARMUP_S > 0 ? targets : []) {
      let done = 0;
      for (let i = 0; i < 4 && done < WARMUP_REQUESTS; i++) done += (await run(t, WARMUP_S)).requests;
      console.log(`warm-up ${t}: ${done} requests`);
    }

    const samples = Object.fromEntries(targets.map((t) => [t, [] as WrkResult[]])) as Record<Target, WrkResult[]>;
    // bracketed: per reference and round, the mean of the two Breakwater runs either side of it
    const bracketed = Object.fromEntries(targets.map((t) => [t, [] as Pick<WrkResult, "reqPerSec" | "cpuUsPerReq">[]])) as Record<Target, Pick<WrkResult, "reqPerSec" | "cpuUsPerReq">[]>;
    const bracket = BRACKET && targets.includes("breakwater");
    const measure = async (r: number, t: Target): Promise<WrkResult> => {
      const s = await run(t, DURATION_S);
      samples[t].push(s);
      console.log(
        `round ${r + 1} ${t.padEnd(13)} ${fmt(s.reqPerSec, 0).padStart(6)} req/s  p50 ${fmt(s.p50, 2)} ms  p99 ${fmt(s.p99, 2)} ms  CPU ${fmt(s.cpuUsPerReq, 1)} µs/req` +
          (s.non2xx + s.socketErrors > 0 ? `  (non-2xx ${s.non2xx}, socket errors ${s.socketErrors})` : ""),
      );
      return s;
    };
    for (let r = 0; r < ROUNDS; r++) {
      if (!bracket) {
        for (const t of r % 2 === 0 ? [...targets] : [...targets].reverse()) await measure(r, t);
        continue;
      }
      const others = targets.filter((t) => t !== "breakwater");
      let before = await measure(r, "breakwater");
      for (const t of r % 2 === 0 ? others : [...others].reverse()) {
        await measure(r, t);
        const after = await measure(r, "breakwater");
        bracketed[t].push({ reqPerSec: (before.reqPerSec + after.reqPerSec) / 2, cpuUsPerReq: (before.cpuUsPerReq + after.cpuUsPerReq) / 2 });
        before = after;
      }
    }

    const med = (t: Target, k: "reqPerSec" | "p50" | "p99" | "cpuUsPerReq") => median(samples[t].map((s) => s[k]));
    /** per-round ratio target / reference, median over rounds (bracketed: Breakwater's runs either side of the reference) */
    const ratio = (t: Target, ref: Target, k: "reqPerSec" | "cpuUsPerReq") => {
      if (!samples[ref]) return NaN;
      const mine = bracket && t === "breakwater" ? bracketed[ref] : samples[t];
      return median(mine.map((s, i) => s[k] / (samples[ref][i]?.[k] ?? NaN)));
    };
    const refs = REFERENCES.filter(([ref]) => targets.includes(ref));
    const ratios = Object.fromEntries(
      targets.map((t) => [t, Object.fromEntries(refs.map(([ref]) => [ref, { reqPerSec: ratio(t, ref, "reqPerSec"), cpuUsPerReq: ratio(t, ref, "cpuUsPerReq") }]))]),
    );

    const rows: (string | number)[][] = [["target", "req/s", "p50 ms", "p99 ms", "CPU µs/req", ...refs.map(([, h]) => `CPU ${h}`), ...refs.map(([, h]) => `req/s ${h}`), "req/s per round"]];
    for (const t of targets) {
      rows.push([
        t,
        fmt(med(t, "reqPerSec"), 0),
        fmt(med(t, "p50"), 2),
        fmt(med(t, "p99"), 2),
        fmt(med(t, "cpuUsPerReq"), 1),
        ...refs.map(([ref]) => fmt(ratios[t]![ref]!.cpuUsPerReq, 2)),
        ...refs.map(([ref]) => fmt(ratios[t]![ref]!.reqPerSec, 2)),
        samples[t].map((s) => fmt(s.reqPerSec, 0)).join(" / "),
      ]);
    }
    console.log("\n" + table(rows));
    const loadAvgAtEnd = os.loadavg();
    console.log(`\nload average at start ${loadAvgAtStart.map((x) => x.toFixed(2)).join(" ")}, at end ${loadAvgAtEnd.map((x) => x.toFixed(2)).join(" ")}`);

    writeResult("gateway", {
      machine: { ...machine(), loadAverage: { atStart: loadAvgAtStart, atEnd: loadAvgAtEnd } },
      settings: {
        tool: "wrk -t1 (Debian wrk 4.1), --latency",
        connections: CONNECTIONS,
        durationS: DURATION_S,
        rounds: ROUNDS,
        warmupS: WARMUP_S,
        bracket,
        bodyBytes: BODY_BYTES,
        pinning: `proxies (all threads) on CPU ${PROXY_CPU}; wrk and the upstream on CPU ${LOAD_CPU}; for direct the upstream on CPU ${PROXY_CPU}`,
        service: { ...SERVICE, note: "breaker, retry and timeout at their defaults; no per-user bulkhead" },
        references: {
          nginx: "Debian nginx-light, worker_processes 1, upstream keepalive 128, access_log off",
          haproxy: "Debian haproxy, nbthread 1, http-reuse always, server maxconn 128",
          "undici-proxy": "bench/ref/undici-proxy.ts: node:http + undici 7 Pool, 128 connections, pipelining 1",
          "fastify-proxy": "bench/ref/fastify-proxy.ts: fastify 5 + @fastify/http-proxy, undici 128 connections",
          "http-proxy": "bench/ref/http-proxy.ts: http-proxy 1.18.1, http.Agent keepAlive, maxSockets 128",
          "dispatch-floor": "bench/ref/dispatch-proxy.ts: node:http + undici 7 Pool.dispatch, response written straight into the ServerResponse, no guards (the stack's floor)",
          breakwater: "server/index.ts, NODE_ENV=production, LOG_LEVEL=warn, SQLite in a temp dir; upstream pool 128 connections",
        },
      },
      notes: [
        "CPU µs/request = (utime + stime of the target's processes over the wrk run, from /proc/<pid>/stat) ÷ requests wrk completed; nginx counts master + worker; direct counts the upstream",
        bracket
          ? "bracketed: Breakwater ran before and after every reference; its ratio to a reference is per round against the mean of those two runs, and the median over rounds is reported"
          : "ratios are computed per round (same round, adjacent in time) and the median over rounds is reported",
      ],
      samples,
      ...(bracket ? { bracketed } : {}),
      medians: Object.fromEntries(targets.map((t) => [t, { reqPerSec: med(t, "reqPerSec"), p50: med(t, "p50"), p99: med(t, "p99"), cpuUsPerReq: med(t, "cpuUsPerReq") }])),
      ratios,
    });
  } finally {
    await stopAndClean(procs, tmp);
  }
}

runMain(main);
