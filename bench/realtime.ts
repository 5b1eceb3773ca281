/**
 * `realtime`: the gateway at full load (autocannon, 50 connections, 10 s × 3 rounds after a
 * warm-up) with 100 authenticated Socket.IO clients watching (websocket transport, API token,
 * subscribed to `breakers` + `bulkheads`, so they also get the coalesced breaker:stats /
 * bulkhead:stats every 250 ms) vs. the same load with no clients connected; alternating order per
 * round. One Breakwater server (production, SQLite) proxies /bench/ on its gateway port to a local upstream.
 *
 * In every round (with or without clients) the same 20 force/lift pairs run on a second service
 * (`flap`, no traffic): POST /api/v1/breakers/flap/force {state:"open"}, ~150 ms later DELETE, one
 * pair every 400 ms: 40 `breaker:state` events per round. Event lag (with clients only) is
 *  - primary: client receipt (Date.now() in the clients' process) − the event's `at` (the moment
 *    the breaker changed state, server clock; same machine, same wall clock, 1 ms resolution);
 *  - secondary: client receipt − the moment the force/lift HTTP response arrived at the bench
 *    (negative when the event beats the HTTP response).
 * The clients run in their own process (bench/lib/socket-watchers.ts) so that they do not stall
 * autocannon's event loop; they still share the machine's 2 cores with the server, the upstream and
 * autocannon — as a browser on the same host would.
 * BENCH_DURATION_S, BENCH_ROUNDS, BENCH_WARMUP_S, BENCH_CONNECTIONS, BENCH_CLIENTS override the
 * defaults for a quick run; the recorded run uses the defaults.
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fmt, machine, median, table, writeResult, runMain, stopAndClean } from "./lib/harness";
const loadAvgAtStart = os.loadavg();
import { api, createToken, startBreakwater } from "./lib/breakwater";
import { freePort, load, pct, ROOT, sleep, startScript, type Child, type LoadResult } from "./lib/http-bench";
import type { Receipt } from "./lib/socket-watchers";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100);
const FORCES = 20;
const FORCE_EVERY_MS = 400;
const LIFT_AFTER_MS = 150;

type Mode = "with-clients" | "no-clients";

class Watchers {
  private pending: ((m: Record<string, unknown>) => void) | null = null;
  private constructor(private readonly proc: ChildProcess) {
    proc.on("message", (m: Record<string, unknown>) => {
      const p = this.pending;
      this.pending = null;
      p?.(m);
    });
  }
  static async start(): Promise<Watchers> {
    const proc = fork(path.join(ROOT, "bench/lib/socket-watchers.ts"), [], { execArgv: ["--import", "tsx"], cwd: ROOT, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    await new Promise<void>((resolve, reject) => {
      proc.once("message", () => resolve());
      proc.once("exit", (c) => reject(new Error(`socket-watchers exited with ${c}`)));
    });
    return new Watchers(proc);
  }
  call(m: Record<string, unknown>): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      this.pending = (r) => (r.ok === false ? reject(new Error(String(r.error))) : resolve(r));
      this.proc.send(m);
    });
  }
  stop(): void {
    if (this.proc.exitCode === null) this.proc.kill("SIGTERM");
  }
}

/** 20 force/lift pairs on `flap`; returns the bench-side time each HTTP response arrived. */
async function forces(base: string, token: string): Promise<{ to: string; respondedAt: number; httpMs: number }[]> {
  const out: { to: string; respondedAt: number; httpMs: number }[] = [];
  await sleep(1_000);
  for (let i = 0; i < FORCES; i++) {
    const t0 = Date.now();
    await api(base, token, "POST", "/api/v1/breakers/flap/force", { state: "open", reason: "realtime bench" });
    out.push({ to: "forced_open", respondedAt: Date.now(), httpMs: Date.now() - t0 });
    await sleep(LIFT_AFTER_MS);
    const t1 = Date.now();
    await api(base, token, "DELETE", "/api/v1/breakers/flap/force");
    out.push({ to: "closed", respondedAt: Date.now(), httpMs: Date.now() - t1 });
    await sleep(Math.max(0, FORCE_EVERY_MS - (Date.now() - t0)));
  }
  return out;
}

async function main(): Promise<void> {
  console.log(`machine: ${JSON.stringify(machine())}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`autocannon ${CONNECTIONS} connections, ${DURATION_S} s × ${ROUNDS} rounds after ${WARMUP_S} s warm-up; ${CLIENTS} Socket.IO clients vs none (alternating)\n`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bw-bench-realtime-"));
  const procs: Child[] = [];
  let watchers: Watchers | undefined;
  try {
    const upstream = await startScript("bench/ref/upstream.ts", { UPSTREAM_BODY_BYTES: "1024" });
    procs.push(upstream);
    const upstreamUrl = `http://127.0.0.1:${upstream.port}`;
    const configFile = path.join(tmp, "services.yaml");
    fs.writeFileSync(
      configFile,
      `services:\n  - name: bench\n    baseUrl: ${upstreamUrl}\n    bulkhead: { maxConcurrent: 1000, maxQueue: 50 }\n` +
        `  - name: flap\n    baseUrl: http://127.0.0.1:${await freePort()}\n`,
    );
    const bw = await startBreakwater({ configFile, databaseUrl: `file:${path.join(tmp, "bench.db")}` });
    procs.push(bw);
    const base = bw.base;
    const adminToken = await createToken(base, "admin", "bench-admin");
    const viewerToken = await createToken(base, "viewer", "bench-watchers");
    const url = bw.serviceUrl("bench", "/data");
    const check = await fetch(url);
    if (check.status !== 200) throw new Error(`${url}: ${check.status}`);
    await check.arrayBuffer();
    watchers = await Watchers.start();

    const samples: Record<Mode, LoadResult[]> = { "with-clients": [], "no-clients": [] };
    const lagAt: number[] = [];
    const lagHttp: number[] = [];
    const forceHttpMs: number[] = [];
    const perRound: Record<string, unknown>[] = [];

    const runRound = async (mode: Mode, durationS: number, label: string, record: boolean) => {
      if (mode === "with-clients") {
        const c = await watchers!.call({ cmd: "connect", url: base, token: viewerToken, n: CLIENTS });
        if (c.connected !== CLIENTS) throw new Error(`only ${String(c.connected)} of ${CLIENTS} clients connected`);
        await sleep(500);
        await watchers!.call({ cmd: "collect" }); // drop the snapshots and stats received so far
      } else await sleep(500);
      const [s, f] = await Promise.all([load(url, { connections: CONNECTIONS, durationS }), forces(base, adminToken)]);
      await sleep(300); // late events
      let info: Record<string, unknown> = {};
      if (mode === "with-clients") {
        const r = await watchers!.call({ cmd: "collect" });
        const evs = (r.events as Receipt[]).filter((e) => e.name === "flap");
        const lags = evs.map((e) => e.recv - e.at);
        // the k-th event of each client belongs to the k-th force/lift
        const byClient = new Map<number, Receipt[]>();
        for (const e of evs) (byClient.get(e.client) ?? byClient.set(e.client, []).get(e.client)!).push(e);
        const httpLags: number[] = [];
        let mismatched = 0;
        for (const list of byClient.values()) {
          list.forEach((e, k) => {
            const ff = f[k];
            if (!ff || ff.to !== e.to) mismatched++;
            else httpLags.push(e.recv - ff.respondedAt);
          });
        }
        const expected = CLIENTS * f.length;
        const sorted = Float64Array.from(lags).sort();
        info = {
          events: evs.length,
          expected,
          missing: expected - evs.length,
          mismatched,
          lagAtP50: pct(sorted, 50),
          lagAtP99: pct(sorted, 99),
          lagAtMax: sorted[sorted.length - 1],
          counts: r.counts,
        };
        if (record) {
          lagAt.push(...lags);
          lagHttp.push(...httpLags);
        }
        await watchers!.call({ cmd: "disconnect" });
      }
      if (record) {
        samples[mode].push(s);
        forceHttpMs.push(...f.map((x) => x.httpMs));
        perRound.push({ round: label, mode, reqPerSec: s.reqPerSec, p50: s.p50, p99: s.p99, non2xx: s.non2xx, errors: s.errors, ...info });
      }
      console.log(
        `${label} ${mode.padEnd(12)} ${fmt(s.reqPerSec, 0).padStart(6)} req/s  p50 ${fmt(s.p50, 2)} ms  p99 ${fmt(s.p99, 2)} ms` +
          (mode === "with-clients" ? `  events ${String(info.events)}/${String(info.expected)}  lag p50 ${fmt(info.lagAtP50 as number, 0)} ms p99 ${fmt(info.lagAtP99 as number, 0)} ms` : "") +
          (s.non2xx + s.errors > 0 ? `  (non-2xx ${s.non2xx}, errors ${s.errors})` : ""),
      );
    };

    if (WARMUP_S > 0) {
      await runRound("no-clients", WARMUP_S, "warm-up", false);
      await runRound("with-clients", WARMUP_S, "warm-up", false);
    }
    for (let r = 0; r < ROUNDS; r++) {
      const order: Mode[] = r % 2 === 0 ? ["with-clients", "no-clients"] : ["no-clients", "with-clients"];
      for (const m of order) await runRound(m, DURATION_S, `round ${r + 1}`, true);
    }

    const ratio = median(samples["with-clients"].map((s, i) => s.reqPerSec / (samples["no-clients"][i]?.reqPerSec ?? NaN)));
    const p99Ratio = median(samples["with-clients"].map((s, i) => s.p99 / (samples["no-clients"][i]?.p99 ?? NaN)));
    const sAt = Float64Array.from(lagAt).sort();
    const sHttp = Float64Array.from(lagHttp).sort();
    const sForce = Float64Array.from(forceHttpMs).sort();
    const lag = {
      fromEventAt: { n: sAt.length, p50: pct(sAt, 50), p90: pct(sAt, 90), p99: pct(sAt, 99), max: pct(sAt, 100) },
      fromHttpResponse: { n: sHttp.length, p50: pct(sHttp, 50), p90: pct(sHttp, 90), p99: pct(sHttp, 99), max: pct(sHttp, 100) },
    };
    const expectedTotal = ROUNDS * CLIENTS * FORCES * 2;

    const rows: (string | number)[][] = [["mode", "median req/s", "median p50 ms", "median p99 ms", "req/s per round"]];
    for (const m of ["no-clients", "with-clients"] as Mode[]) {
      rows.push([m, fmt(median(samples[m].map((s) => s.reqPerSec)), 0), fmt(median(samples[m].map((s) => s.p50)), 2), fmt(median(samples[m].map((s) => s.p99)), 2), samples[m].map((s) => fmt(s.reqPerSec, 0)).join(" / ")]);
    }
    console.log("\n" + table(rows));
    const figures: (string | number)[][] = [
      ["figure", "value", "target", ""],
      ["req/s with clients / without (median of per-round ratios)", fmt(ratio, 3), "≥ 0.95", ratio >= 0.95 ? "met" : "MISSED"],
      ["p99 with clients / without", fmt(p99Ratio, 2), "(info)", ""],
      [`event lag p99, at → receipt (${sAt.length}/${expectedTotal} receipts)`, `${fmt(lag.fromEventAt.p99, 0)} ms`, "≤ 300 ms", lag.fromEventAt.p99 <= 300 ? "met" : "MISSED"],
      ["event lag p50 / max, at → receipt", `${fmt(lag.fromEventAt.p50, 0)} / ${fmt(lag.fromEventAt.max, 0)} ms`, "(info)", ""],
      ["event lag p50 / p99, HTTP response → receipt", `${fmt(lag.fromHttpResponse.p50, 0)} / ${fmt(lag.fromHttpResponse.p99, 0)} ms`, "(info)", ""],
      ["force/lift HTTP time p50 / p99 under load", `${fmt(pct(sForce, 50), 0)} / ${fmt(pct(sForce, 99), 0)} ms`, "(info)", ""],
    ];
    console.log("\n" + table(figures));

    writeResult("realtime", {
      settings: { connections: CONNECTIONS, durationS: DURATION_S, rounds: ROUNDS, warmupS: WARMUP_S, clients: CLIENTS, forcesPerRound: FORCES, forceEveryMs: FORCE_EVERY_MS, liftAfterMs: LIFT_AFTER_MS },
      loadAverage: { atStart: loadAvgAtStart, atEnd: os.loadavg(), note: "1/5/15-min load averages (the machine is shared with other engineers' tests)" },
      notes: [
        "one Breakwater server (production, SQLite); load on the gateway's /bench/data (1 KB upstream body); 20 force/lift pairs on the idle service `flap` in every round, with or without clients",
        "clients: socket.io-client 4, transports ['websocket'], auth {token} (viewer API token), subscribed to breakers + bulkheads; connected before and disconnected after each with-clients round (connection time not measured)",
        "lag fromEventAt = client Date.now() at receipt − event.at (server Date.now() at the transition); fromHttpResponse = receipt − bench Date.now() when the force/lift response arrived (can be negative)",
        "req/s ratios are per round (adjacent in time), median over rounds",
      ],
      samples,
      perRound,
      lagSamplesMs: { fromEventAt: Array.from(sAt), fromHttpResponse: Array.from(sHttp) },
      medians: {
        "with-clients": { reqPerSec: median(samples["with-clients"].map((s) => s.reqPerSec)), p99: median(samples["with-clients"].map((s) => s.p99)) },
        "no-clients": { reqPerSec: median(samples["no-clients"].map((s) => s.reqPerSec)), p99: median(samples["no-clients"].map((s) => s.p99)) },
      },
      lag,
      ratios: {
        "req/s with clients / no clients": { value: ratio, target: "≥ 0.95", ok: ratio >= 0.95 },
        "event lag p99 ms (at → receipt)": { value: lag.fromEventAt.p99, target: "≤ 300", ok: lag.fromEventAt.p99 <= 300 },
        "receipts / expected": { value: sAt.length / expectedTotal, target: "1", ok: sAt.length === expectedTotal },
      },
    });
  } finally {
    if (watchers) {
      await watchers.call({ cmd: "disconnect" }).catch(() => undefined);
      watchers.stop();
    }
    await stopAndClean(procs, tmp);
  }
}

runMain(main);
