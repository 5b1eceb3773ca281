/**
 * `history-cpu`: what history costs the gateway per proxied request, measured in pairs at the same
 * moment. Taking the "off" and "on" servers one after the other (as `persistence` part A does) lets
 * the VM's drift between rounds (±25 % here) swamp a 3 % effect; loading both at once exposes them
 * to the same drift, so their ratio keeps only the difference between them.
 *
 * Per pair: two servers (bench/lib/history-load.ts: "off" = no SLOs, read-only API driver; "on" =
 * 3 SLOs on the loaded service, a breaker flapping ≈ 10 transitions/s with alerts, audit and
 * snapshots), each pinned to its own CPU, loaded at the same time by one wrk each (1 thread, 50
 * connections, 1 KB GET, not pinned) with their API drivers beside; the two CPUs are swapped every
 * round so neither server keeps the quicker one. Per round: CPU µs per proxied request of each
 * server (utime + stime from /proc over the run ÷ requests, the driver's API calls included) and
 * the ratio second ÷ first; reported: the median over rounds and the spread.
 * Pairs: `A/A sqlite` (two "off" servers: the method's own offset and spread), `sqlite` (off, on)
 * and `postgres` (off, on; fresh databases on 127.0.0.1:5432, dropped afterwards).
 * Target (issue #15): on ÷ off ≤ 1.03 on both databases.
 * Options: --duration <s> (default 8), --rounds (default 8), --warmup (default 3), --connections.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fmt, machine, median, loadOptions, table, writeResult, runMain } from "./lib/harness";
const loadAvgAtStart = os.loadavg();
import { createPgDatabase, createToken, dropPgDatabase, startBreakwater, type Breakwater } from "./lib/breakwater";
import { ensureTools } from "./lib/ensure-tools";
import { addHistorySlos, driver, historyServicesYaml } from "./lib/history-load";
import { freePort, startScript, type Child } from "./lib/http-bench";
import { pin, wrk } from "./lib/wrk";

const { durationS: DURATION_S, rounds: ROUNDS, warmupS: WARMUP_S, connections: CONNECTIONS } = loadOptions({ durationS: 8, rounds: 8, warmupS: 3, connections: 50 });

interface Side {
  child: Breakwater;
  base: string;
  token: string;
  on: boolean;
}
interface PairResult {
  name: string;
  first: number[];
  second: number[];
  ratios: number[];
}

async function startSide(configFile: string, databaseUrl: string, on: boolean, label: string): Promise<Side> {
  const child = await startBreakwater({ configFile, databaseUrl });
  const token = await createToken(child.base, "admin", `bench-${label}`);
  if (on) await addHistorySlos(child.base, token);
  return { child, base: child.base, token, on };
}

/** Loads both sides at once for `durationS`; CPU µs per proxied request of each. */
async function together(sides: [Side, Side], durationS: number): Promise<[number, number]> {
  const until = Date.now() + durationS * 1000;
  const load = (s: Side) => wrk(s.child.serviceUrl("bench", "/data"), { connections: CONNECTIONS, durationS, cpu: -1, hasTaskset: false, measure: [s.child.pid] });
  const [a, b] = await Promise.all([load(sides[0]), load(sides[1]), driver(sides[0], sides[0].on, until), driver(sides[1], sides[1].on, until)]);
  return [a.cpuUsPerReq, b.cpuUsPerReq];
}

async function runPair(name: string, sides: [Side, Side], hasTaskset: boolean): Promise<PairResult> {
  const res: PairResult = { name, first: [], second: [], ratios: [] };
  pin([sides[0].child.pid], 0, hasTaskset);
  pin([sides[1].child.pid], 1, hasTaskset);
  if (WARMUP_S > 0) await together(sides, WARMUP_S);
  for (let r = 0; r < ROUNDS; r++) {
    // swap the CPUs every round
    pin([sides[0].child.pid], r % 2, hasTaskset);
    pin([sides[1].child.pid], 1 - (r % 2), hasTaskset);
    const [a, b] = await together(sides, DURATION_S);
    res.first.push(a);
    res.second.push(b);
    res.ratios.push(b / a);
    console.log(`${name.padEnd(10)} round ${r + 1}  first ${fmt(a, 1)} µs/req on CPU ${r % 2}, second ${fmt(b, 1)} µs/req on CPU ${1 - (r % 2)}  ratio ${fmt(b / a, 3)}`);
  }
  return res;
}

async function main(): Promise<void> {
  console.log(`machine: ${JSON.stringify(machine())}, load average ${loadAvgAtStart.map((x) => x.toFixed(2)).join(" ")}`);
  const tools = ensureTools(["wrk", "taskset"]);
  if (!tools.has("wrk")) throw new Error("wrk is required");
  const hasTaskset = tools.has("taskset");
  if (!hasTaskset) console.log("taskset missing: the servers are not pinned (results are noisier)");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bw-history-cpu-"));
  const pgNames = [`bw_bench_hcpu_off_${process.pid}`, `bw_bench_hcpu_on_${process.pid}`];
  const procs: Child[] = [];
  const stopAll = async () => {
    for (const p of procs.splice(0).reverse()) await p.stop();
  };
  try {
    const upstream = await startScript("bench/ref/upstream.ts", { UPSTREAM_BODY_BYTES: "1024" });
    procs.push(upstream);
    const configFile = path.join(tmp, "services.yaml");
    fs.writeFileSync(configFile, historyServicesYaml(`http://127.0.0.1:${upstream.port}`, `http://127.0.0.1:${await freePort()}`));
    const sqlite = (n: string) => `file:${path.join(tmp, `${n}.db`)}`;
    const pairs: PairResult[] = [];
    const plan: [string, () => Promise<[Side, Side]>][] = [
      ["A/A sqlite", async () => [await startSide(configFile, sqlite("aa1"), false, "aa1"), await startSide(configFile, sqlite("aa2"), false, "aa2")]],
      ["sqlite", async () => [await startSide(configFile, sqlite("off"), false, "off"), await startSide(configFile, sqlite("on"), true, "on")]],
      ["postgres", async () => [await startSide(configFile, await createPgDatabase(pgNames[0]!), false, "pg-off"), await startSide(configFile, await createPgDatabase(pgNames[1]!), true, "pg-on")]],
    ];
    for (const [name, start] of plan) {
      const sides = await start();
      procs.push(...sides.map((s) => s.child));
      pairs.push(await runPair(name, sides, hasTaskset));
      for (const s of sides) await s.child.stop();
      procs.splice(1);
    }
    const rows: (string | number)[][] = [["pair", "first µs/req (median)", "second µs/req (median)", "ratio second ÷ first (median)", "ratio min … max", "ratios per round", "target"]];
    for (const p of pairs) {
      const m = median(p.ratios);
      const target = p.name.startsWith("A/A") ? "(method check: ≈ 1)" : m <= 1.03 ? "≤ 1.03 met" : "≤ 1.03 MISSED";
      rows.push([p.name, fmt(median(p.first), 1), fmt(median(p.second), 1), fmt(m, 3), `${fmt(Math.min(...p.ratios), 3)} … ${fmt(Math.max(...p.ratios), 3)}`, p.ratios.map((x) => fmt(x, 3)).join(" / "), target]);
    }
    console.log(`\n${table(rows)}\n\nload average at start ${loadAvgAtStart.map((x) => x.toFixed(2)).join(" ")}, at end ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
    writeResult("history-cpu", {
      machine: machine(),
      loadAverage: { start: loadAvgAtStart, end: os.loadavg() },
      settings: { connections: CONNECTIONS, durationS: DURATION_S, rounds: ROUNDS, warmupS: WARMUP_S },
      pairs: pairs.map((p) => ({ ...p, medianRatio: median(p.ratios) })),
    });
  } finally {
    await stopAll();
    for (const n of pgNames) await dropPgDatabase(n).catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main);
