/**
 * `persistence`: what writing history costs the gateway, and how fast the write-behind queue
 * flushes. Two parts, one run.
 *
 * Part A — gateway under load (wrk -t1 -c50 on a service's gateway URL, 1 KB body, 10 s × 3
 * rounds after a warm-up, alternating order), three Breakwater servers (each its own process, all
 * started before the first round, only one loaded at a time, all pinned to CPU 0; wrk, the
 * upstream and this process on CPU 1). The figure is the server's CPU µs per proxied request
 * (utime + stime from /proc over the run ÷ requests): req/s moves with the machine's load, CPU per
 * request much less.
 *  - off-sqlite: SQLite; service `bench` with no SLO; nothing ever transitions. The only history
 *                rows are the two 10 s samples per service that every configuration writes.
 *  - off-postgres: the same on a fresh PostgreSQL database (the baseline for on-postgres: the
 *                API driver's reads and the samples then go to PostgreSQL too).
 *  - on-sqlite:  SQLite; `bench` carries 3 SLOs (availability, latency < 50 ms, latency < 200 ms →
 *                10 s and 1 m SLO buckets written every 10 s), and a second service `flap` (upstream
 *                a closed port, consecutiveFailures 1, no retry) flaps during the round: every
 *                200 ms one GET <gateway>/flap/x fails and trips it (transition closed → open, critical
 *                alert raised, snapshot), then POST /api/v1/breakers/flap/reset closes it
 *                (transition, alert resolved, audit entry, snapshot): ≈ 10 transitions/s.
 *  - on-postgres: the same on a fresh PostgreSQL database (127.0.0.1:5432, dropped afterwards).
 * To keep the API traffic identical, in `off` rounds the driver makes the same number of requests
 * with no writes behind them: GET /api/v1/breakers/flap twice per 200 ms cycle.
 * So "on-X" vs "off-X" (same database X) = SLO tracking + SLO bucket writes + transitions + alerts + audit + snapshots,
 * versus none of these. Reported: req/s and CPU ratios on-X/off-X (per round, median), and the history rows the
 * server wrote during its rounds (row counts of the history tables before/after each round).
 *
 * Part B — write-behind throughput in isolation: createWriteBehind() over a real persistence
 * (createPersistence after migrate() on a fresh database: SQLite file / new PostgreSQL database),
 * batches of 10 000 rows (2 000 transitions, 4 000 breaker samples, 4 000 bulkhead samples, plus
 * 50 snapshots) queued and then flushed; rows/s = rows in the batch / time of flush(). 1 warm-up
 * batch + 5 measured per database, alternating. Three writers: `sqlite` (the server's path: the
 * SQLite writer thread, persistence.historyWriter), `sqlite-inline` (the repository's Prisma
 * multi-row INSERTs on the main thread, the path before the writer thread) and `postgres`. During
 * each flush a 1 ms interval timer records the longest gap between its ticks: the longest the flush
 * kept this thread's event loop from running (machine noise included).
 *
 * BENCH_DURATION_S, BENCH_ROUNDS, BENCH_WARMUP_S, BENCH_CONNECTIONS override Part A's defaults.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fmt, machine, median, loadOptions, table, writeResult, runMain } from "./lib/harness";
const loadAvgAtStart = os.loadavg();
import { countRows, createPgDatabase, createToken, dropPgDatabase, startBreakwater, type Breakwater } from "./lib/breakwater";
import { ensureTools } from "./lib/ensure-tools";
import { addHistorySlos, CYCLE_MS, driver, historyServicesYaml } from "./lib/history-load";
import { freePort, ROOT, sleep, startScript, type Child } from "./lib/http-bench";
import { cpuSeconds, pin, wrk, type WrkResult } from "./lib/wrk";
import { flushTiming } from "../server/persistence/repos/bulk-insert";
import { migrate } from "../server/persistence/migrator";
import { createPersistence } from "../server/persistence";
import { createWriteBehind } from "../server/persistence/write-behind";
import type { SqliteHistoryWriter } from "../server/persistence/sqlite-writer";
import type { DatabaseConfig } from "../server/config";

const { durationS: DURATION_S, rounds: ROUNDS, warmupS: WARMUP_S, connections: CONNECTIONS } = loadOptions({ durationS: 10, rounds: 3, warmupS: 3, connections: 50 });
/** Servers on CPU 0; wrk, the upstream and the API driver (this process) on CPU 1. */
const SERVER_CPU = 0;
const LOAD_CPU = 1;
const BATCH = { transitions: 2_000, breakerSamples: 4_000, bulkheadSamples: 4_000, snapshots: 50 };
const WB_ROUNDS = 5;

const TARGETS = ["off-sqlite", "on-sqlite", "off-postgres", "on-postgres"] as const;
const isOn = (t: Target): boolean => t.startsWith("on-");
/** The configuration an "on" target is compared with: the same database with history off. */
const baselineOf = (t: Target): Target => (isOn(t) ? (t.replace("on-", "off-") as Target) : t);
const perTarget = <T>(make: () => T): Record<Target, T> => Object.fromEntries(TARGETS.map((t) => [t, make()])) as Record<Target, T>;
type Target = (typeof TARGETS)[number];

interface Server {
  child: Breakwater;
  base: string;
  token: string;
  databaseUrl: string;
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

/** A gateway round: wrk's figures, plus the driver's own CPU cost measured just before it. */
type Sample = WrkResult & { driverOnlyCpuPerS: number; netCpuUsPerReq: number };
/** Seconds of driver-only CPU measurement before each round. */
const DRIVER_ONLY_S = 3;

/** Part B runs in this process on any CPU again. */
let unpinSelf = (): void => {};

async function partA(tmp: string, pgUrls: Record<"off-postgres" | "on-postgres", string>) {
  const upstream = await startScript("bench/ref/upstream.ts", { UPSTREAM_BODY_BYTES: "1024" });
  const procs: Child[] = [upstream];
  try {
    const upstreamUrl = `http://127.0.0.1:${upstream.port}`;
    const dead = `http://127.0.0.1:${await freePort()}`;
    const yaml = historyServicesYaml(upstreamUrl, dead);
    const configFile = path.join(tmp, "services.yaml");
    fs.writeFileSync(configFile, yaml);
    const tools = ensureTools(["wrk", "taskset"]);
    if (!tools.has("wrk")) throw new Error("wrk is required");
    const hasTaskset = tools.has("taskset");
    pin([upstream.pid, process.pid], LOAD_CPU, hasTaskset);
    unpinSelf = () => pin([process.pid], -1, hasTaskset);
    const servers = {} as Record<Target, Server>;
    for (const t of TARGETS) {
      const databaseUrl = t === "on-postgres" || t === "off-postgres" ? pgUrls[t] : `file:${path.join(tmp, `${t}.db`)}`;
      const child = await startBreakwater({ configFile, databaseUrl });
      procs.push(child);
      pin([child.pid], SERVER_CPU, hasTaskset);
      const base = child.base;
      const token = await createToken(base, "admin", `bench-${t}`);
      if (isOn(t)) await addHistorySlos(base, token);
      servers[t] = { child, base, token, databaseUrl };
    }
    const url = (t: Target) => servers[t].child.serviceUrl("bench", "/data");
    for (const t of TARGETS) {
      const r = await fetch(url(t));
      if (r.status !== 200) throw new Error(`${t}: ${r.status}`);
      await r.arrayBuffer();
    }

    const samples = perTarget<Sample[]>(() => []);
    const rows = perTarget<Record<string, number>[]>(() => []);
    const cycles = perTarget<number[]>(() => []);
    /** CPU seconds per second the server spends on the API driver alone (no gateway load). */
    const driverOnlyCpuPerS = async (t: Target): Promise<number> => {
      const pid = [servers[t].child.pid];
      const c0 = cpuSeconds(pid);
      const t0 = performance.now();
      await driver(servers[t], isOn(t), Date.now() + DRIVER_ONLY_S * 1000);
      return (cpuSeconds(pid) - c0) / ((performance.now() - t0) / 1000);
    };
    const runOne = async (t: Target, durationS: number, label: string, record: boolean) => {
      const idleCpu = await driverOnlyCpuPerS(t);
      await sleep(500);
      const before = await countRows(servers[t].databaseUrl);
      const t0 = Date.now();
      const [s, d] = await Promise.all([
        wrk(url(t), { connections: CONNECTIONS, durationS, cpu: LOAD_CPU, hasTaskset, measure: [servers[t].child.pid] }),
        driver(servers[t], isOn(t), t0 + durationS * 1000),
      ]);
      await sleep(100); // the last transitions are flushed within 20 ms
      const after = await countRows(servers[t].databaseUrl);
      const delta = Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
      // per proxied request: the server's CPU minus what the driver alone costs over the same time
      const netCpuUsPerReq = ((s.cpuS - idleCpu * s.durationS) * 1e6) / s.requests;
      if (record) {
        samples[t].push({ ...s, driverOnlyCpuPerS: idleCpu, netCpuUsPerReq });
        rows[t].push(delta);
        cycles[t].push(d.cycles);
      }
      console.log(
        `${label} ${t.padEnd(12)} ${fmt(s.reqPerSec, 0).padStart(6)} req/s  p50 ${fmt(s.p50, 2)} ms  p99 ${fmt(s.p99, 2)} ms  CPU ${fmt(s.cpuUsPerReq, 1)} µs/req (net of the driver ${fmt(netCpuUsPerReq, 1)})  driver cycles ${d.cycles}${d.errors ? ` (errors ${d.errors})` : ""}  history rows +${sum(delta)} ${JSON.stringify(delta)}` +
          (s.non2xx + s.socketErrors > 0 ? `  (non-2xx ${s.non2xx}, socket errors ${s.socketErrors})` : ""),
      );
    };
    if (WARMUP_S > 0) for (const t of TARGETS) await runOne(t, WARMUP_S, "warm-up", false);
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? [...TARGETS] : [...TARGETS].reverse();
      for (const t of order) await runOne(t, DURATION_S, `round ${r + 1}`, true);
    }
    // final flush of everything pending (SLO buckets, samples) on shutdown, for the totals
    for (const p of procs.splice(1)) await p.stop();
    const totals = {} as Record<Target, Record<string, number>>;
    for (const t of TARGETS) totals[t] = await countRows(servers[t].databaseUrl);
    return { samples, rows, cycles, totals };
  } finally {
    for (const p of procs.reverse()) await p.stop();
    unpinSelf();
  }
}

/** The longest gap between ticks of a 1 ms interval timer until stop(): how long the event loop was held. */
function loopGapMeter(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  return {
    stop() {
      clearInterval(tick);
      return Math.max(longest, performance.now() - last);
    },
  };
}

async function partB(tmp: string, pgUrl: string) {
  const sqlite = (name: string): DatabaseConfig => ({ provider: "sqlite", url: `file:${path.join(tmp, name)}`, file: path.join(tmp, name) });
  const dbs: Record<string, DatabaseConfig> = { sqlite: sqlite("wb.db"), "sqlite-inline": sqlite("wb-inline.db"), postgres: { provider: "postgresql", url: pgUrl } };
  const setups: Record<string, { p: ReturnType<typeof createPersistence>; wb: ReturnType<typeof createWriteBehind> }> = {};
  for (const [k, cfg] of Object.entries(dbs)) {
    await migrate(cfg, ROOT);
    const p = createPersistence(cfg);
    // maxSamples above the batch so that nothing is dropped; the interval timer never fires first
    const wb = createWriteBehind(k === "sqlite-inline" ? p.breakerHistory : p.historyWriter, { flushIntervalMs: 600_000, maxSamples: 1_000_000 });
    setups[k] = { p, wb };
  }
  let seq = 0;
  const fill = (wb: ReturnType<typeof createWriteBehind>) => {
    const at = new Date();
    for (let i = 0; i < BATCH.transitions; i++) {
      // .transition() arms a 20 ms "flush soon" timer: we flush synchronously right after filling
      wb.transition({ name: `svc-${i % 50}`, from: "closed", to: "open", reason: "failure_rate", actor: null, at: new Date(at.getTime() + (seq++ % 1000)) });
    }
    for (let i = 0; i < BATCH.breakerSamples; i++) wb.breakerSample({ name: `svc-${i % 50}`, at, state: "closed", successful: 1000 + i, failed: i % 7, slow: i % 3, rejected: 0 });
    for (let i = 0; i < BATCH.bulkheadSamples; i++) wb.bulkheadSample({ service: `svc-${i % 50}`, at, maxActive: i % 100, maxQueued: 0, rejected: 0, maxConcurrent: 100, maxQueue: 0 });
    for (let i = 0; i < BATCH.snapshots; i++) wb.snapshot({ name: `svc-${i}`, state: "closed", snapshot: JSON.stringify({ state: "closed", seq: i }), updatedAt: at });
  };
  const batchRows = BATCH.transitions + BATCH.breakerSamples + BATCH.bulkheadSamples + BATCH.snapshots;
  const result: Record<string, { ms: number[]; rowsPerSec: number[]; longestStatementMs: number[]; longestLoopGapMs: number[]; errors: string[]; flushedRows: number; failedFlushes: number; droppedSamples: number }> = {};
  for (const k of Object.keys(setups)) result[k] = { ms: [], rowsPerSec: [], longestStatementMs: [], longestLoopGapMs: [], errors: [], flushedRows: 0, failedFlushes: 0, droppedSamples: 0 };
  try {
    for (let r = -1; r < WB_ROUNDS; r++) {
      const order = r % 2 === 0 ? Object.keys(setups) : Object.keys(setups).reverse();
      for (const k of order) {
        const { wb } = setups[k]!;
        fill(wb);
        flushTiming.longestStatementMs = 0;
        const gap = loopGapMeter();
        const t0 = process.hrtime.bigint();
        let error: string | undefined;
        try {
          await wb.flush();
        } catch (err) {
          // a failed batch counts as 0 rows/s (its samples are dropped by design, its transitions
          // re-queued): drain them untimed so that the next batch starts empty
          error = (err as Error).message.split("\n").find((l) => l.trim()) ?? String(err);
        }
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const loopGapMs = gap.stop();
        const sliceMs = "timing" in setups[k]!.p.historyWriter && k === "sqlite" ? (setups[k]!.p.historyWriter as SqliteHistoryWriter).timing().longestSliceMs : NaN;
        if (error) for (let i = 0; i < 3 && wb.stats().pendingTransitions + wb.stats().pendingSnapshots > 0; i++) await wb.flush().catch(() => undefined);
        if (wb.stats().pendingTransitions + wb.stats().pendingSamples !== 0) throw new Error(`${k}: rows left after flush`);
        const rps = error ? 0 : batchRows / (ms / 1000);
        if (r >= 0) {
          result[k]!.ms.push(ms);
          result[k]!.rowsPerSec.push(rps);
          result[k]!.longestStatementMs.push(flushTiming.longestStatementMs);
          result[k]!.longestLoopGapMs.push(loopGapMs);
          if (error) result[k]!.errors.push(error);
        }
        console.log(`write-behind ${r < 0 ? "warm-up" : `round ${r + 1}`} ${k.padEnd(8)} ${batchRows} rows in ${fmt(ms, 0)} ms = ${fmt(rps, 0)} rows/s, longest statement on this thread ${fmt(flushTiming.longestStatementMs, 1)} ms, longest event-loop gap ${fmt(loopGapMs, 1)} ms${Number.isNaN(sliceMs) ? "" : `, longest slice on this thread (since start) ${fmt(sliceMs, 1)} ms`}${error ? `  FAILED: ${error}` : ""}`);
      }
    }
    // check what is in the database against what was queued
    for (const [k, { wb, p }] of Object.entries(setups)) {
      const st = wb.stats();
      result[k]!.flushedRows = st.flushedRows;
      result[k]!.failedFlushes = st.failedFlushes;
      result[k]!.droppedSamples = st.droppedSamples;
      const inDb = (await p.breakerHistory.recentTransitions(1_000_000)).length;
      if (inDb !== BATCH.transitions * (WB_ROUNDS + 1)) throw new Error(`${k}: ${inDb} transitions in the database, expected ${BATCH.transitions * (WB_ROUNDS + 1)}`);
    }
  } finally {
    for (const { wb, p } of Object.values(setups)) {
      await wb.close();
      await p.close();
    }
  }
  return { batch: { ...BATCH, rows: batchRows }, result };
}

async function main(): Promise<void> {
  console.log(`machine: ${JSON.stringify(machine())}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bw-bench-persistence-"));
  const stamp = `${process.pid}_${Date.now()}`;
  const gwDb = `bw_bench_persist_gw_${stamp}`;
  const gwOffDb = `bw_bench_persist_gw_off_${stamp}`;
  const wbDb = `bw_bench_persist_wb_${stamp}`;
  try {
    const gwUrl = await createPgDatabase(gwDb);
    const gwOffUrl = await createPgDatabase(gwOffDb);
    console.log(`part A: wrk -t1 -c${CONNECTIONS}, ${DURATION_S} s × ${ROUNDS} rounds after ${WARMUP_S} s warm-up: ${TARGETS.join(" / ")} (alternating)\n`);
    const a = await partA(tmp, { "off-postgres": gwOffUrl, "on-postgres": gwUrl });
    const wbUrl = await createPgDatabase(wbDb);
    console.log(`\npart B: write-behind flush throughput, batches of ${BATCH.transitions + BATCH.breakerSamples + BATCH.bulkheadSamples + BATCH.snapshots} rows\n`);
    const b = await partB(tmp, wbUrl);

    const ratio = (t: Target, k: "reqPerSec" | "cpuUsPerReq" | "netCpuUsPerReq" = "reqPerSec") => median(a.samples[t].map((s, i) => s[k] / (a.samples[baselineOf(t)][i]?.[k] ?? NaN)));
    const rowsPerSecDuringLoad = (t: Target) => sum(Object.fromEntries(Object.keys(a.rows[t][0] ?? {}).map((k) => [k, a.rows[t].reduce((x, d) => x + (d[k] ?? 0), 0)]))) / (a.rows[t].length * DURATION_S);
    const tRows: (string | number)[][] = [["target", "median req/s", "median p50 ms", "median p99 ms", "median CPU µs/req", "net of driver", "net per round", "driver-only CPU s/s", "history rows/s written during its rounds"]];
    for (const t of TARGETS) {
      tRows.push([t, fmt(median(a.samples[t].map((s) => s.reqPerSec)), 0), fmt(median(a.samples[t].map((s) => s.p50)), 2), fmt(median(a.samples[t].map((s) => s.p99)), 2), fmt(median(a.samples[t].map((s) => s.cpuUsPerReq)), 1), fmt(median(a.samples[t].map((s) => s.netCpuUsPerReq)), 1), a.samples[t].map((s) => fmt(s.netCpuUsPerReq, 1)).join(" / "), fmt(median(a.samples[t].map((s) => s.driverOnlyCpuPerS)), 3), fmt(rowsPerSecDuringLoad(t), 1)]);
    }
    console.log("\n" + table(tRows));
    const wbRows: (string | number)[][] = [["write-behind flush", "median ms / batch", "median rows/s", "rows/s per round", "longest statement on the main thread ms (max)", "longest event-loop gap ms (median / max)", "failed batches"]];
    for (const [k, v] of Object.entries(b.result)) wbRows.push([k, fmt(median(v.ms), 0), fmt(median(v.rowsPerSec), 0), v.rowsPerSec.map((x) => fmt(x, 0)).join(" / "), fmt(Math.max(...v.longestStatementMs), 1), `${fmt(median(v.longestLoopGapMs), 1)} / ${fmt(Math.max(...v.longestLoopGapMs), 1)}`, v.errors.length]);
    console.log("\n" + table(wbRows));
    const wbMed = (k: string) => median(b.result[k]!.rowsPerSec);
    const ratios = {
      "CPU µs/req net of the driver, on-sqlite / off-sqlite": { value: ratio("on-sqlite", "netCpuUsPerReq"), target: "≤ 1.03", ok: ratio("on-sqlite", "netCpuUsPerReq") <= 1.03 },
      "CPU µs/req net of the driver, on-postgres / off-postgres": { value: ratio("on-postgres", "netCpuUsPerReq"), target: "≤ 1.03", ok: ratio("on-postgres", "netCpuUsPerReq") <= 1.03 },
      "CPU µs/req gross, on-sqlite / off-sqlite": { value: ratio("on-sqlite", "cpuUsPerReq"), target: "(incl. driver)", ok: true },
      "CPU µs/req gross, on-postgres / off-postgres": { value: ratio("on-postgres", "cpuUsPerReq"), target: "(incl. driver)", ok: true },
      "req/s on-sqlite / off-sqlite": { value: ratio("on-sqlite"), target: "(noise)", ok: true },
      "req/s on-postgres / off-postgres": { value: ratio("on-postgres"), target: "(noise)", ok: true },
      "write-behind rows/s, SQLite": { value: wbMed("sqlite"), target: "≥ 10 000", ok: wbMed("sqlite") >= 10_000 },
      "write-behind rows/s, PostgreSQL": { value: wbMed("postgres"), target: "≥ 10 000", ok: wbMed("postgres") >= 10_000 },
    };
    const fRows: (string | number)[][] = [["figure", "value", "target", ""]];
    for (const [k, v] of Object.entries(ratios)) fRows.push([k, fmt(v.value, k.includes("/ off-") ? 3 : 0), v.target, v.target.startsWith("(") ? "" : v.ok ? "met" : "MISSED"]);
    console.log("\n" + table(fRows));

    writeResult("persistence", {
      settings: { connections: CONNECTIONS, durationS: DURATION_S, rounds: ROUNDS, warmupS: WARMUP_S, flapCycleMs: CYCLE_MS, writeBehindBatch: b.batch, writeBehindRounds: WB_ROUNDS },
      machine: { ...machine(), loadAverage: { atStart: loadAvgAtStart, atEnd: os.loadavg(), note: "1/5/15-min load averages (the machine is shared with other engineers' tests)" } },
      notes: [
        "part A: off-* = no SLO, no transitions (only the 10 s samples every configuration writes); the driver makes 2 read-only API calls per 200 ms so API traffic matches",
        "part A: on-* = 3 SLOs on the loaded service (tracking + 10 s/1 m buckets flushed every 10 s) + service `flap` tripped by one failing request and reset via the API every 200 ms (transitions, snapshots, breaker alert raised/resolved, audit entries)",
        "part A: the three servers run side by side (own processes), only the one under test is loaded; ratios per round, median over rounds",
        "part A rows: row-count deltas of BreakerTransition, BreakerState, BreakerSample, BulkheadSample, SloBucket, Alert, AuditEntry before/after each round (SLO buckets and samples land on 10 s boundaries, so per-round counts are quantised); this is the rate the workload offers, not a capacity",
        "part B: createWriteBehind over createPersistence after migrate on fresh databases; rows/s = batch rows / flush() time (one transaction per batch); sqlite = the SQLite writer thread (single-row prepared INSERTs on its own connection), sqlite-inline = Prisma multi-row INSERTs on the main thread, postgres = Prisma multi-row INSERTs; longest statement = the longest single INSERT made on the main thread (sqlite-inline: the longest the flush blocks the event loop at once); longest event-loop gap = longest gap between ticks of a 1 ms timer during the flush",
        "part A: CPU µs/request (gross) = utime + stime of the loaded server over the wrk run ÷ requests; it includes the API driver's requests and the history writes",
        `part A: net of the driver = (CPU over the wrk run − CPU/s of the driver alone, measured for ${DRIVER_ONLY_S} s just before, × run time) ÷ requests: the per-request cost of SLO tracking and history on the proxied path`,
      ],
      partA: { samples: a.samples, historyRowsPerRound: a.rows, driverCycles: a.cycles, historyRowTotalsAfterShutdown: a.totals },
      partB: b.result,
      medians: {
        ...Object.fromEntries(TARGETS.map((t) => [t, { reqPerSec: median(a.samples[t].map((s) => s.reqPerSec)), cpuUsPerReq: median(a.samples[t].map((s) => s.cpuUsPerReq)), netCpuUsPerReq: median(a.samples[t].map((s) => s.netCpuUsPerReq)), p99: median(a.samples[t].map((s) => s.p99)), historyRowsPerSec: rowsPerSecDuringLoad(t) }])),
        writeBehindRowsPerSec: { sqlite: wbMed("sqlite"), sqliteInline: wbMed("sqlite-inline"), postgres: wbMed("postgres") },
      },
      ratios,
    });
  } finally {
    await dropPgDatabase(gwOffDb).catch((e: unknown) => console.error(`could not drop ${gwOffDb}: ${String(e)}`));
    await dropPgDatabase(gwDb).catch((e: unknown) => console.error(`could not drop ${gwDb}: ${String(e)}`));
    await dropPgDatabase(wbDb).catch((e: unknown) => console.error(`could not drop ${wbDb}: ${String(e)}`));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main);
