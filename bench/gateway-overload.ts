/**
 * `gateway-overload`: the real server with one service whose bulkhead holds 20 calls and queues
 * none, in front of an upstream that answers after 50 ms — a capacity of ≈ 400 req/s. An open-loop
 * load generator (undici Pool, requests started on a fixed schedule whatever the answers) offers
 * 3× that (1 200 req/s) for 30 s after a 5 s warm-up at the same rate. We record the latency of
 * every answer by status and reason (503 bulkhead_full is the rejection), and the server's RSS
 * every second from /proc/<pid>/status.
 * Targets: p99 of rejections < 5 ms (and the share answered < 5 ms); RSS flat (< 10 % growth).
 * BENCH_DURATION_S, BENCH_WARMUP_S and BENCH_RATE override the defaults for a quick run.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Pool } from "undici";
import { fmt, machine, median, table, writeResult } from "./lib/harness";
const loadAvgAtStart = os.loadavg();
import { pct, rssOf, Samples, sleep, startBreakwater, startScript, type Child } from "./lib/http-bench";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 30);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 5);
const UPSTREAM_DELAY_MS = 50;
const BULKHEAD = { maxConcurrent: 20, maxQueue: 0 };
const CAPACITY = BULKHEAD.maxConcurrent * (1000 / UPSTREAM_DELAY_MS);
const RATE = Number(process.env.BENCH_RATE ?? 3 * CAPACITY);
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

async function main(): Promise<void> {
  console.log(`machine: ${JSON.stringify(machine())}`);
  console.log(
    `bulkhead ${JSON.stringify(BULKHEAD)}, upstream ${UPSTREAM_DELAY_MS} ms → capacity ≈ ${CAPACITY} req/s; offering ${RATE} req/s open-loop for ${DURATION_S} s after ${WARMUP_S} s warm-up\n`,
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
    const bw = await startBreakwater({ configFile, databaseFile: path.join(tmp, "bench.db") });
    procs.push(bw);
    const pool = new Pool(`http://127.0.0.1:${bw.port}`, { connections: CLIENT_CONNECTIONS, pipelining: 1 });
    const urlPath = "/gw/overload/data";

    const rssIdle = rssOf(bw.pid);
    if (WARMUP_S > 0) {
      const w = await drive(pool, urlPath, WARMUP_S, RATE, () => {});
      console.log(`warm-up: sent ${w.sent}, ${[...w.byKey].map(([k, s]) => `${k}: ${s.length}`).join(", ")}`);
    }
    const rss: number[] = [rssOf(bw.pid)];
    const phase = await drive(pool, urlPath, DURATION_S, RATE, () => rss.push(rssOf(bw.pid)));
    const elapsedS = (performance.now() - phase.started) / 1000;
    await pool.close();

    const keys = [...phase.byKey.keys()].sort();
    const rows: (string | number)[][] = [["answer", "count", "per s", "p50 ms", "p99 ms", "max ms", `share < ${FAST_MS} ms`]];
    const stats: Record<string, { count: number; perSec: number; p50: number; p99: number; max: number; shareFast: number }> = {};
    for (const k of keys) {
      const s = (phase.byKey.get(k) as Samples).sorted();
      let fast = 0;
      for (const v of s) if (v < FAST_MS) fast++;
      stats[k] = { count: s.length, perSec: s.length / elapsedS, p50: pct(s, 50), p99: pct(s, 99), max: s[s.length - 1] ?? NaN, shareFast: fast / s.length };
      const st = stats[k];
      rows.push([k, st.count, fmt(st.perSec, 0), fmt(st.p50, 2), fmt(st.p99, 2), fmt(st.max, 1), `${fmt(100 * st.shareFast, 2)} %`]);
    }
    console.log(table(rows));

    const rssStart = rss[0] as number;
    const rssEnd = median(rss.slice(-5));
    const rssMax = Math.max(...rss);
    const growth = rssEnd / rssStart - 1;
    const rejected = stats[REJECTION];
    const rejectionP99BySecond = phase.rejectionsBySecond.map((x) => pct(x.sorted(), 99));
    console.log(`rejection p99 per second (ms): ${rejectionP99BySecond.map((v) => fmt(v, 1)).join(" ")}`);
    const summary = {
      offeredPerSec: phase.sent / elapsedS,
      answeredPerSec: keys.reduce((a, k) => a + (stats[k]?.count ?? 0), 0) / elapsedS,
      clientErrors: phase.errors,
      maxSendLagMs: phase.maxSendLagMs,
      rejectionP99Ms: rejected?.p99 ?? NaN,
      rejectionShareUnder5Ms: rejected?.shareFast ?? NaN,
      rssIdleMb: rssIdle / 1048576,
      rssStartMb: rssStart / 1048576,
      rssEndMb: rssEnd / 1048576,
      rssMaxMb: rssMax / 1048576,
      rssGrowth: growth,
    };
    console.log(
      `\noffered ${fmt(summary.offeredPerSec, 0)} req/s, answered ${fmt(summary.answeredPerSec, 0)} req/s, client errors ${phase.errors}, load-generator send lag max ${fmt(phase.maxSendLagMs, 1)} ms`,
    );
    console.log(
      table([
        ["figure", "value", "target", ""],
        ["p99 of 503 bulkhead_full", `${fmt(summary.rejectionP99Ms, 2)} ms`, "< 5 ms", summary.rejectionP99Ms < 5 ? "met" : "MISSED"],
        ["rejections answered < 5 ms", `${fmt(100 * summary.rejectionShareUnder5Ms, 2)} %`, "", ""],
        [
          "RSS start → end (max)",
          `${fmt(summary.rssStartMb, 1)} → ${fmt(summary.rssEndMb, 1)} MB (${fmt(summary.rssMaxMb, 1)}); idle before load ${fmt(summary.rssIdleMb, 1)} MB`,
          "",
          "",
        ],
        ["RSS growth over the run", `${fmt(100 * growth, 1)} %`, "< 10 %", growth < 0.1 ? "met" : "MISSED"],
      ]),
    );
    const file = writeResult("gateway-overload", {
      settings: {
        durationS: DURATION_S,
        warmupS: WARMUP_S,
        offeredRate: RATE,
        capacity: CAPACITY,
        upstreamDelayMs: UPSTREAM_DELAY_MS,
        service: { bulkhead: BULKHEAD, note: "breaker, retry and timeout at their defaults" },
        loadGenerator: `open loop in the bench process: undici Pool (${CLIENT_CONNECTIONS} connections, pipelining 1), requests started on schedule every ~1 ms tick`,
      },
      loadAverage: { atStart: loadAvgAtStart, atEnd: os.loadavg(), note: "1/5/15-min load averages of the machine (other work in the tree shares it)" },
      notes: [
        "latency = request start → body fully read, measured in the load generator (it includes the generator's own event-loop delay, so it is an upper bound)",
        "RSS growth = median of the last 5 one-second samples / the sample at the start of the measured 30 s (after the warm-up) − 1",
        "load generator, server and upstream share the machine's 2 cores",
      ],
      perAnswer: stats,
      rejectionP99BySecondMs: rejectionP99BySecond,
      rssSamplesBytes: rss,
      rssIdleBytes: rssIdle,
      summary,
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
