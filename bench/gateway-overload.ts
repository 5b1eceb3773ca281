/**
 * `gateway-overload`: the real server with one service whose bulkhead holds 20 calls and queues
 * none, in front of an upstream that answers after 50 ms — a capacity of ≈ 400 req/s. An open-loop
 * load generator (undici Pool, requests started on a fixed schedule whatever the answers) offers
 * 3× that (1 200 req/s) for --duration seconds (default 30) after a 5 s warm-up at the same rate.
 * History, SLOs and health checks are on: two SLOs (availability, latency < 100 ms) and an HTTP
 * health check every second are created through the API, and the write-behind queue writes its
 * samples and snapshots as usual (SQLite).
 * We record the latency of every answer by status and reason (503 bulkhead_full is the rejection),
 * and every second the server's RSS (/proc/<pid>/status) and, from its /metrics, heap used and
 * event-loop delay (prom-client's default metrics: p99 and max since the previous scrape) and GC time
 * by kind (nodejs_gc_duration_seconds), beside the same figures from an idle Node process
 * (bench/ref/idle-probe.ts) as a control for the machine.
 * Targets: p99 of rejections < 5 ms; no event-loop stalls; RSS and heap flat.
 * Options: --duration <s> (BENCH_DURATION_S), --warmup (BENCH_WARMUP_S), --rate (BENCH_RATE).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Pool } from "undici";
import { fmt, machine, median, numberOption, table, writeResult, runMain, stopAndClean } from "./lib/harness";
const loadAvgAtStart = os.loadavg();
import { api, createToken, startBreakwater } from "./lib/breakwater";
import { pct, rssOf, Samples, sleep, startScript, type Child } from "./lib/http-bench";

const DURATION_S = numberOption("duration", "BENCH_DURATION_S", 30);
const WARMUP_S = numberOption("warmup", "BENCH_WARMUP_S", 5);
const UPSTREAM_DELAY_MS = 50;
const BULKHEAD = { maxConcurrent: 20, maxQueue: 0 };
const CAPACITY = BULKHEAD.maxConcurrent * (1000 / UPSTREAM_DELAY_MS);
const RATE = numberOption("rate", "BENCH_RATE", 3 * CAPACITY);
const CLIENT_CONNECTIONS = 256;
const FAST_MS = 5;
const REJECTION = "503 bulkhead_full";

interface Phase {
  started: number;
  sent: number;
  byKey: Map<string, Samples>;
  errors: number;
  /** p99 of rejections per second of the phase, by the second the request was sent */
  rejectionsBySecond: Samples[];
  /** worst delay between when a request was due and when it was sent (load-generator lag) */
  maxSendLagMs: number;
}

async function drive(pool: Pool, urlPath: string, seconds: number, rate: number, onSecond: (s: number) => void): Promise<Phase> {
  const phase: Phase = { started: performance.now(), sent: 0, byKey: new Map(), errors: 0, rejectionsBySecond: [], maxSendLagMs: 0 };
  const record = (key: string, t0: number, ms: number) => {
    let s = phase.byKey.get(key);
    if (!s) phase.byKey.set(key, (s = new Samples()));
    s.push(ms);
    if (key === REJECTION) (phase.rejectionsBySecond[Math.floor((t0 - phase.started) / 1000)] ??= new Samples(1024)).push(ms);
  };
  const inFlight = new Set<Promise<void>>();
  const one = (): void => {
    const t0 = performance.now();
    const p = pool.request({ path: urlPath, method: "GET" }).then(
      async (r) => {
        await r.body.dump();
        const reason = r.headers["x-breakwater-reason"];
        record(reason ? `${r.statusCode} ${String(reason)}` : String(r.statusCode), t0, performance.now() - t0);
      },
      () => void phase.errors++,
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const end = phase.started + seconds * 1000;
  let nextSecond = phase.started + 1000;
  let second = 0;
  for (;;) {
    const now = performance.now();
    if (now >= end) break;
    const due = Math.floor(((now - phase.started) / 1000) * rate);
    if (due > phase.sent) phase.maxSendLagMs = Math.max(phase.maxSendLagMs, now - (phase.started + ((phase.sent + 1) / rate) * 1000));
    while (phase.sent < due) {
      one();
      phase.sent++;
    }
    if (now >= nextSecond) {
      onSecond(++second);
      nextSecond += 1000;
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  return phase;
}

/** One line of Prometheus text exposition: the value of an unlabelled sample. */
function metric(text: string, name: string): number {
  const m = new RegExp(`^${name} ([0-9.e+-]+)$`, "m").exec(text);
  return m ? Number(m[1]) : NaN;
}

interface ServerSample {
  second: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** event-loop delay since the previous scrape (prom-client resets its histogram on each scrape) */
  loopP99Ms: number;
  loopMaxMs: number;
  /** GC time since start by V8's kind (prom-client's nodejs_gc_duration_seconds_sum), seconds */
  gcS: Record<"major" | "minor" | "incremental", number>;
}

/** GC seconds since start of one kind (0 before V8 has run one). */
const gcSum = (text: string, kind: string): number => metric(text, `breakwater_process_nodejs_gc_duration_seconds_sum\\{kind="${kind}"\\}`) || 0;

/** Samples the server every second: RSS from /proc, heap and event-loop delay from /metrics. */
async function sampleServer(base: string, pid: number, second: number): Promise<ServerSample> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return {
    second,
    rssBytes: rssOf(pid),
    heapUsedBytes: metric(text, "breakwater_process_nodejs_heap_size_used_bytes"),
    loopP99Ms: 1000 * metric(text, "breakwater_process_nodejs_eventloop_lag_p99_seconds"),
    loopMaxMs: 1000 * metric(text, "breakwater_process_nodejs_eventloop_lag_max_seconds"),
    gcS: { major: gcSum(text, "major"), minor: gcSum(text, "minor"), incremental: gcSum(text, "incremental") },
  };
}

/** Per sampled second (from the second sample on): GC time spent in that second, by major (incl. incremental marking) and minor. */
function gcPerSecond(server: ServerSample[]): { second: number; majorMs: number; minorMs: number }[] {
  return server.slice(1).map((x, i) => {
    const prev = server[i]!;
    return {
      second: x.second,
      majorMs: 1000 * (x.gcS.major + x.gcS.incremental - prev.gcS.major - prev.gcS.incremental),
      minorMs: 1000 * (x.gcS.minor - prev.gcS.minor),
    };
  });
}

/** How many seconds with a rejection p99 above the target saw major GC work in the same second. */
function slowSecondsWithGc(p99BySecond: number[], gc: { second: number; majorMs: number }[]): string {
  const slow = p99BySecond.map((v, i) => ({ v, second: i + 1 })).filter((x) => x.v >= FAST_MS);
  const withGc = slow.filter((x) => (gc.find((g) => g.second === x.second)?.majorMs ?? 0) >= 1);
  const gcSeconds = gc.filter((g) => g.majorMs >= 1).length;
  return `seconds with rejection p99 ≥ ${FAST_MS} ms: ${slow.length}, of which with ≥ 1 ms of major GC in the same second: ${withGc.length} (seconds with major GC overall: ${gcSeconds} of ${gc.length})`;
}

/** History, SLOs and health checks on: two SLOs and a 1 s HTTP health check, through the API. */
async function enableObservability(base: string, upstreamPort: number): Promise<void> {
  const token = await createToken(base, "admin", "bench-overload");
  for (const sli of [{ type: "availability" }, { type: "latency", thresholdMs: 100 }]) {
    await api(base, token, "POST", "/api/v1/slos", { name: `overload ${sli.type}`, service: "overload", sli, objective: 99, windowSeconds: 3600 });
  }
  await api(base, token, "POST", "/api/v1/health-checks", { service: "overload", protocol: "http", target: `http://127.0.0.1:${upstreamPort}/data`, intervalMs: 1000, timeoutMs: 500 });
}

function answerStats(phase: Phase, elapsedS: number) {
  const stats: Record<string, { count: number; perSec: number; p50: number; p99: number; max: number; shareFast: number }> = {};
  for (const k of [...phase.byKey.keys()].sort()) {
    const s = (phase.byKey.get(k) as Samples).sorted();
    let fast = 0;
    for (const v of s) if (v < FAST_MS) fast++;
    stats[k] = { count: s.length, perSec: s.length / elapsedS, p50: pct(s, 50), p99: pct(s, 99), max: s[s.length - 1] ?? NaN, shareFast: fast / s.length };
  }
  return stats;
}

async function main(): Promise<void> {
  console.log(`machine: ${JSON.stringify(machine())}, load average ${loadAvgAtStart.map((x) => x.toFixed(2)).join(" ")}`);
  console.log(
    `bulkhead ${JSON.stringify(BULKHEAD)}, upstream ${UPSTREAM_DELAY_MS} ms → capacity ≈ ${CAPACITY} req/s; offering ${RATE} req/s open-loop for ${DURATION_S} s after ${WARMUP_S} s warm-up; history, 2 SLOs and a 1 s health check on\n`,
  );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bw-bench-overload-"));
  const procs: Child[] = [];
  try {
    const upstream = await startScript("bench/ref/upstream.ts", { UPSTREAM_BODY_BYTES: "1024", UPSTREAM_DELAY_MS: String(UPSTREAM_DELAY_MS) });
    procs.push(upstream);
    const configFile = path.join(tmp, "services.yaml");
    fs.writeFileSync(
      configFile,
      `services:\n  - name: overload\n    baseUrl: http://127.0.0.1:${upstream.port}\n    bulkhead: { maxConcurrent: ${BULKHEAD.maxConcurrent}, maxQueue: ${BULKHEAD.maxQueue} }\n`,
    );
    const bw = await startBreakwater({ configFile, databaseUrl: `file:${path.join(tmp, "bench.db")}` });
    procs.push(bw);
    await enableObservability(bw.base, upstream.port);
    const target = new URL(bw.serviceUrl("overload", "/data"));
    const pool = new Pool(target.origin, { connections: CLIENT_CONNECTIONS, pipelining: 1 });

    const probe = await startScript("bench/ref/idle-probe.ts");
    procs.push(probe);
    const idle = await sampleServer(bw.base, bw.pid, 0);
    if (WARMUP_S > 0) {
      const w = await drive(pool, target.pathname, WARMUP_S, RATE, () => {});
      console.log(`warm-up: sent ${w.sent}, ${[...w.byKey].map(([k, s]) => `${k}: ${s.length}`).join(", ")}`);
    }
    const server: ServerSample[] = [await sampleServer(bw.base, bw.pid, 0)];
    const probeFrom = probe.output().length;
    const pending: Promise<void>[] = [];
    const phase = await drive(pool, target.pathname, DURATION_S, RATE, (second) => {
      pending.push(sampleServer(bw.base, bw.pid, second).then((x) => void server.push(x), () => undefined));
    });
    const elapsedS = (performance.now() - phase.started) / 1000;
    await Promise.all(pending);
    server.push(await sampleServer(bw.base, bw.pid, DURATION_S));
    const control = [...probe.output().slice(probeFrom).matchAll(/^ELD ([\d.]+) ([\d.]+)$/gm)].map((m) => ({ p99: Number(m[1]), max: Number(m[2]) }));
    await pool.close();
    server.sort((x, y) => x.second - y.second);

    const stats = answerStats(phase, elapsedS);
    const rows: (string | number)[][] = [["answer", "count", "per s", "p50 ms", "p99 ms", "max ms", `share < ${FAST_MS} ms`]];
    for (const [k, st] of Object.entries(stats)) rows.push([k, st.count, fmt(st.perSec, 0), fmt(st.p50, 2), fmt(st.p99, 2), fmt(st.max, 1), `${fmt(100 * st.shareFast, 2)} %`]);
    console.log(table(rows));

    const rejected = stats[REJECTION];
    const rejectionP99BySecond = phase.rejectionsBySecond.map((x) => pct(x.sorted(), 99));
    console.log(`rejection p99 per second (ms): ${rejectionP99BySecond.map((v) => fmt(v, 1)).join(" ")}`);
    console.log(`event-loop delay p99 per second (ms): ${server.slice(1).map((x) => fmt(x.loopP99Ms, 0)).join(" ")}`);
    const gc = gcPerSecond(server);
    console.log(`GC ms per second, major + incremental marking (minor): ${gc.map((g) => `${fmt(g.majorMs, 0)}(${fmt(g.minorMs, 0)})`).join(" ")}`);
    console.log(slowSecondsWithGc(rejectionP99BySecond, gc));
    const at = (second: number) => server.find((x) => x.second === second) ?? server[server.length - 1]!;
    const start = server[0]!;
    const at30 = at(Math.min(30, DURATION_S));
    const end = server[server.length - 1]!;
    const loop = server.slice(1);
    const mb = (b: number) => b / 1048576;
    const summary = {
      offeredPerSec: phase.sent / elapsedS,
      answeredPerSec: Object.values(stats).reduce((a, st) => a + st.count, 0) / elapsedS,
      clientErrors: phase.errors,
      maxSendLagMs: phase.maxSendLagMs,
      rejectionP50Ms: rejected?.p50 ?? NaN,
      rejectionP99Ms: rejected?.p99 ?? NaN,
      rejectionP99PerSecondMaxMs: Math.max(...rejectionP99BySecond.filter(Number.isFinite)),
      rejectionShareUnder5Ms: rejected?.shareFast ?? NaN,
      eventLoopP99MedianMs: median(loop.map((x) => x.loopP99Ms)),
      eventLoopP99MaxMs: Math.max(...loop.map((x) => x.loopP99Ms)),
      eventLoopMaxMs: Math.max(...loop.map((x) => x.loopMaxMs)),
      idleControlP99MedianMs: median(control.map((x) => x.p99)),
      idleControlP99MaxMs: Math.max(...control.map((x) => x.p99)),
      idleControlMaxMs: Math.max(...control.map((x) => x.max)),
      rssMb: { idle: mb(idle.rssBytes), start: mb(start.rssBytes), at30s: mb(at30.rssBytes), end: mb(end.rssBytes), max: mb(Math.max(...server.map((x) => x.rssBytes))) },
      heapUsedMb: { idle: mb(idle.heapUsedBytes), start: mb(start.heapUsedBytes), at30s: mb(at30.heapUsedBytes), end: mb(end.heapUsedBytes), max: mb(Math.max(...server.map((x) => x.heapUsedBytes))) },
    };
    console.log(
      `\noffered ${fmt(summary.offeredPerSec, 0)} req/s, answered ${fmt(summary.answeredPerSec, 0)} req/s, client errors ${phase.errors}, load-generator send lag max ${fmt(phase.maxSendLagMs, 1)} ms`,
    );
    const mem = (o: { start: number; at30s: number; end: number; max: number }) => `${fmt(o.start, 1)} → ${fmt(o.at30s, 1)} at ${at30.second} s → ${fmt(o.end, 1)} MB at ${end.second} s (max ${fmt(o.max, 1)})`;
    console.log(
      table([
        ["figure", "value", "target", ""],
        ["503 bulkhead_full p50 / p99", `${fmt(summary.rejectionP50Ms, 2)} / ${fmt(summary.rejectionP99Ms, 2)} ms`, "p99 < 5 ms", summary.rejectionP99Ms < 5 ? "met" : "MISSED"],
        ["worst per-second rejection p99", `${fmt(summary.rejectionP99PerSecondMaxMs, 2)} ms`, "", ""],
        ["rejections answered < 5 ms", `${fmt(100 * summary.rejectionShareUnder5Ms, 2)} %`, "", ""],
        ["event-loop delay p99 (median / worst second)", `${fmt(summary.eventLoopP99MedianMs, 1)} / ${fmt(summary.eventLoopP99MaxMs, 1)} ms`, "", ""],
        ["event-loop delay max", `${fmt(summary.eventLoopMaxMs, 1)} ms`, "", ""],
        [
          "control: an idle Node process, p99 (median / worst second) / max",
          `${fmt(summary.idleControlP99MedianMs, 1)} / ${fmt(summary.idleControlP99MaxMs, 1)} / ${fmt(summary.idleControlMaxMs, 1)} ms`,
          "",
          "",
        ],
        ["RSS", mem(summary.rssMb), "", ""],
        ["heap used", mem(summary.heapUsedMb), "", ""],
      ]),
    );
    const loadAvgAtEnd = os.loadavg();
    console.log(`load average at start ${loadAvgAtStart.map((x) => x.toFixed(2)).join(" ")}, at end ${loadAvgAtEnd.map((x) => x.toFixed(2)).join(" ")}`);
    writeResult("gateway-overload", {
      machine: { ...machine(), loadAverage: { atStart: loadAvgAtStart, atEnd: loadAvgAtEnd } },
      settings: {
        durationS: DURATION_S,
        warmupS: WARMUP_S,
        offeredRate: RATE,
        capacity: CAPACITY,
        upstreamDelayMs: UPSTREAM_DELAY_MS,
        service: { bulkhead: BULKHEAD, note: "breaker, retry and timeout at their defaults; SLOs availability and latency < 100 ms; HTTP health check every 1 s; SQLite history" },
        loadGenerator: `open loop in the bench process: undici Pool (${CLIENT_CONNECTIONS} connections, pipelining 1), requests started on schedule every ~1 ms tick`,
      },
      notes: [
        "latency = request start → body fully read, measured in the load generator (it includes the generator's own event-loop delay, so it is an upper bound)",
        "event-loop delay: breakwater_process_nodejs_eventloop_lag_p99_seconds / _max_seconds from the server's /metrics every second (prom-client resets the histogram on each scrape; 10 ms sampling resolution)",
        "heap used: breakwater_process_nodejs_heap_size_used_bytes; RSS: /proc/<pid>/status VmRSS",
        "event-loop figures include the 10 ms sampling period (an idle process reads ≈ 10 ms); the control is bench/ref/idle-probe.ts, an idle Node process measuring itself the same way during the run: what it reports is the machine's scheduling delay",
        "load generator, server and upstream share the machine's 2 cores",
      ],
      perAnswer: stats,
      rejectionP99BySecondMs: rejectionP99BySecond,
      serverSamples: server,
      idleControlSamples: control,
      idle,
      summary,
    });
  } finally {
    await stopAndClean(procs, tmp);
  }
}

runMain(main);
