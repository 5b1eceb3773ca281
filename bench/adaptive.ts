/**
 * `adaptive`: static vs adaptive bulkhead limits against an upstream whose capacity halves.
 * The upstream (bench/lib/capacity-upstream.ts, in its own process: bench/ref/capacity-upstream.ts) serves C requests at once at 20 ms
 * each and queues the rest FIFO, so its latency grows with load. An open-loop generator offers 3×
 * the first phase's capacity (3 × C × 50 req/s) through the real server for --duration seconds
 * (default 60) after --warmup seconds (default 5); at half time C halves. One run compares, one
 * after the other, each against a fresh upstream: no bulkhead, a static bulkhead of C (exactly
 * the first phase's capacity), a static bulkhead of 2 × C (the first phase's capacity with the
 * usual headroom), aimd and gradient2 (no gateway queue anywhere: maxQueue 0).
 * Per phase: goodput (2xx/s), p50/p99 of admitted (2xx) requests, rejection share, and for the
 * adaptive modes the limit over time (GET /api/v1/bulkheads/<service> every 250 ms) and the time
 * the limit took to settle after the change. Targets (docs/ADAPTIVE.md): goodput ≥ 0.9 × capacity
 * and p99 of admitted ≤ 3 × the unloaded latency in both phases, settled within 5 s.
 * Options: --duration (BENCH_DURATION_S), --warmup (BENCH_WARMUP_S), --capacity (BENCH_CAPACITY).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Pool } from "undici";
import { fmt, machine, median, numberOption, table, writeResult } from "./lib/harness";
import { api, createToken, startBreakwater } from "./lib/breakwater";
import { startScript, type Child } from "./lib/http-bench";
import { openLoop } from "./lib/open-loop";
import { limitPlot, phaseStats, settleTime, type LimitPoint, type PhaseStats } from "./lib/adaptive-report";

const loadAvgAtStart = os.loadavg();
const DURATION_S = numberOption("duration", "BENCH_DURATION_S", 60);
const WARMUP_S = numberOption("warmup", "BENCH_WARMUP_S", 5);
const C1 = numberOption("capacity", "BENCH_CAPACITY", 4);
const C2 = Math.max(1, Math.floor(C1 / 2));
const SERVICE_MS = 20;
const CAPACITY = [(C1 * 1000) / SERVICE_MS, (C2 * 1000) / SERVICE_MS] as const;
const RATE = 3 * CAPACITY[0];
// enough connections that the load generator never queues on its side, even when every call waits the
// whole 5-s timeout (600 req/s × 5 s = 3 000 in flight in the no-bulkhead mode)
const CLIENT_CONNECTIONS = 4096;
const TIMEOUT_MS = 5000;

/**
 * The adaptive options the benchmark uses: the defaults, with bounds and (aimd) a latency threshold
 * of 1.5 × the service time (docs/ADAPTIVE.md's rule of thumb: 1.5 × the unloaded latency).
 */
const ADAPTIVE_BOUNDS = { minLimit: 2, maxLimit: 200, initialLimit: 2 * C1 };
const MODES: Array<{ name: string; adaptive: boolean; bulkhead: Record<string, unknown> }> = [
  { name: "none", adaptive: false, bulkhead: { maxConcurrent: 100_000, maxQueue: 0 } },
  { name: "static-c", adaptive: false, bulkhead: { maxConcurrent: C1, maxQueue: 0 } },
  { name: "static-2c", adaptive: false, bulkhead: { maxConcurrent: 2 * C1, maxQueue: 0 } },
  { name: "aimd", adaptive: true, bulkhead: { maxQueue: 0, adaptive: { algorithm: "aimd", ...ADAPTIVE_BOUNDS, latencyThresholdMs: 1.5 * SERVICE_MS } } },
  { name: "gradient2", adaptive: true, bulkhead: { maxQueue: 0, adaptive: { algorithm: "gradient2", ...ADAPTIVE_BOUNDS } } },
];

interface ModeResult {
  mode: string;
  phases: [PhaseStats, PhaseStats];
  limits: LimitPoint[];
  settleS: number | null;
  maxSendLagMs: number;
}

function configYaml(ports: number[]): string {
  const lines = ["services:"];
  MODES.forEach((m, i) => {
    lines.push(`  - name: ${m.name}`, `    baseUrl: http://127.0.0.1:${ports[i]}`, `    timeoutMs: ${TIMEOUT_MS}`);
    // a breaker that never opens: this benchmark is about the bulkhead alone
    lines.push(`    retry: { maxAttempts: 1 }`, `    breaker: { minimumCalls: 100000, window: { type: count, size: 100000 } }`);
    lines.push(`    bulkhead: ${JSON.stringify(m.bulkhead)}`);
  });
  return `${lines.join("\n")}\n`;
}

/** Median latency of sequential requests with no load: what "unloaded" means in the targets. */
async function unloadedMs(pool: Pool, urlPath: string): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    const r = await pool.request({ path: urlPath, method: "GET" });
    await r.body.dump();
    if (i >= 10) xs.push(performance.now() - t0);
  }
  return median(xs);
}

async function runMode(mode: (typeof MODES)[number], upstream: Child, pool: Pool, urlPath: string, base: string, token: string): Promise<ModeResult> {
  if (WARMUP_S > 0) await openLoop(pool, urlPath, WARMUP_S, RATE);
  const limits: LimitPoint[] = [];
  let nextPoll = 0;
  let switched = false;
  const halfMs = (DURATION_S * 1000) / 2;
  const polls: Promise<void>[] = [];
  const run = await openLoop(pool, urlPath, DURATION_S, RATE, (t) => {
    if (!switched && t >= halfMs) {
      switched = true;
      upstream.proc.kill("SIGUSR2");
    }
    if (mode.adaptive && t >= nextPoll) {
      nextPoll = t + 250;
      polls.push(
        api(base, token, "GET", `/api/v1/bulkheads/${mode.name}`).then(
          (b) => {
            const v = b as { limit: number; adaptive?: { lastChangeReason?: string | null } };
            limits.push({ t, limit: v.limit, probe: v.adaptive?.lastChangeReason === "min_rtt_probe" });
          },
          () => undefined,
        ),
      );
    }
  });
  await Promise.all(polls);
  limits.sort((a, b) => a.t - b.t);
  const phases: [PhaseStats, PhaseStats] = [phaseStats(run.answers, 0, halfMs), phaseStats(run.answers, halfMs, 2 * halfMs)];
  return { mode: mode.name, phases, limits, settleS: mode.adaptive ? settleTime(limits, halfMs, DURATION_S * 1000) : null, maxSendLagMs: run.maxSendLagMs };
}

async function main(): Promise<void> {
  console.log(`machine: ${JSON.stringify(machine())}, load average ${loadAvgAtStart.map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`upstream C = ${C1} → ${C2} at ${DURATION_S / 2} s, ${SERVICE_MS} ms each: capacity ${CAPACITY[0]} → ${CAPACITY[1]} req/s; offering ${RATE} req/s open-loop for ${DURATION_S} s per mode after ${WARMUP_S} s warm-up\n`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bw-bench-adaptive-"));
  const upstreams: Child[] = [];
  const procs: Child[] = [];
  try {
    const env = { UPSTREAM_CAPACITY: String(C1), UPSTREAM_SERVICE_MS: String(SERVICE_MS) };
    for (let i = 0; i < MODES.length; i++) upstreams.push(await startScript("bench/ref/capacity-upstream.ts", env));
    const configFile = path.join(tmp, "services.yaml");
    fs.writeFileSync(configFile, configYaml(upstreams.map((u) => u.port)));
    const bw = await startBreakwater({ configFile, databaseUrl: `file:${path.join(tmp, "bench.db")}` });
    procs.push(bw);
    const token = await createToken(bw.base, "viewer", "bench-adaptive");
    const pool = new Pool(new URL(bw.serviceUrl("none")).origin, { connections: CLIENT_CONNECTIONS, pipelining: 1 });
    const unloaded = await unloadedMs(pool, new URL(bw.serviceUrl("none", "/x")).pathname);
    const p99Target = 3 * unloaded;
    console.log(`unloaded latency (median of 50 sequential requests through the gateway): ${fmt(unloaded, 2)} ms → p99 target ≤ ${fmt(p99Target, 1)} ms\n`);

    const results: ModeResult[] = [];
    for (const [i, mode] of MODES.entries()) {
      const r = await runMode(mode, upstreams[i]!, pool, new URL(bw.serviceUrl(mode.name, "/x")).pathname, bw.base, token);
      results.push(r);
      await upstreams[i]!.stop();
      console.log(`${mode.name}: done (generator lag max ${fmt(r.maxSendLagMs, 1)} ms; upstream ${/STATS (.*)/.exec(upstreams[i]!.output())?.[1] ?? "?"})`);
    }
    await pool.close();

    const rows: (string | number)[][] = [["mode", "phase", "capacity/s", "goodput/s", "÷ capacity", "p50 ms", "p99 ms", "rejected", "other", "settle s", "targets"]];
    const verdicts: Record<string, string[]> = {};
    for (const r of results) {
      r.phases.forEach((ph, p) => {
        const misses: string[] = [];
        if (ph.goodput < 0.9 * CAPACITY[p]!) misses.push("goodput");
        if (!(ph.p99 <= p99Target)) misses.push("p99");
        if (p === 1 && r.settleS !== null && !(r.settleS <= 5)) misses.push("settle");
        (verdicts[r.mode] ??= []).push(...misses.map((m) => `phase ${p + 1} ${m}`));
        rows.push([r.mode, p + 1, CAPACITY[p]!, fmt(ph.goodput, 0), fmt(ph.goodput / CAPACITY[p]!, 2), fmt(ph.p50, 1), fmt(ph.p99, 1), `${fmt(100 * ph.rejectedShare, 1)} %`, ph.other, p === 1 && r.settleS !== null ? fmt(r.settleS, 2) : "", misses.length ? `MISSED ${misses.join(", ")}` : "met"]);
      });
    }
    console.log(`\n${table(rows)}`);
    for (const r of results.filter((x) => x.limits.length > 0)) {
      const probes = r.limits.filter((p) => p.probe).map((p) => fmt(p.t / 1000, 1));
      console.log(`\nlimit over time, ${r.mode} (upstream C = ${C1} → ${C2} at ${DURATION_S / 2} s):\n${limitPlot(r.limits, DURATION_S * 1000)}`);
      if (probes.length) console.log(`min-RTT probe samples (left out of the settle time): ${probes.join(", ")} s`);
    }
    const loadAvgAtEnd = os.loadavg();
    console.log(`\nload average at start ${loadAvgAtStart.map((x) => x.toFixed(2)).join(" ")}, at end ${loadAvgAtEnd.map((x) => x.toFixed(2)).join(" ")}`);
    const file = writeResult("adaptive", {
      machine: { ...machine(), loadAverage: { atStart: loadAvgAtStart, atEnd: loadAvgAtEnd } },
      settings: { durationS: DURATION_S, warmupS: WARMUP_S, capacity: [C1, C2], serviceMs: SERVICE_MS, offeredRate: RATE, timeoutMs: TIMEOUT_MS, modes: MODES },
      unloadedMs: unloaded,
      p99TargetMs: p99Target,
      results: results.map((r) => ({ ...r, misses: verdicts[r.mode] })),
      notes: [
        "latency = request start → body read, in the load generator (same process as the upstreams): an upper bound",
        "latency, rejection share: requests sent in the phase; goodput: 2xx answers that completed in the phase / phase length",
        "settle time: after the change, the first limit sample from which every later one stays within ±25 % (at least ±1) of the median limit of the phase's last quarter",
      ],
    });
    console.log(`\nwrote ${file}`);
  } finally {
    for (const p of procs) await p.stop();
    for (const u of upstreams) await u.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
