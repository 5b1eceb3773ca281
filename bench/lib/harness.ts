/**
 * Side-by-side micro-benchmark harness: every implementation of a case runs in the same process,
 * in alternating order, for several rounds after a warm-up; we report the median ns/op.
 */
import os from "node:os";
import fs from "node:fs";
import path from "node:path";

export type Impl = (ops: number) => Promise<void> | void;

export interface BenchCase {
  name: string;
  /** implementation name → runs `ops` operations */
  impls: Record<string, Impl>;
  /** Scale the operations per sample for very slow implementations (default 1). */
  opsScale?: Record<string, number>;
}

export interface CaseResult {
  name: string;
  samples: Record<string, number[]>;
  medians: Record<string, number>;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

async function timeIt(impl: Impl, ops: number): Promise<number> {
  const start = process.hrtime.bigint();
  await impl(ops);
  return Number(process.hrtime.bigint() - start) / ops;
}

export async function runCase(c: BenchCase, o: { ops: number; warmup: number; rounds: number }): Promise<CaseResult> {
  const names = Object.keys(c.impls);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const ops = (n: string): number => Math.max(1, Math.round(o.ops * (c.opsScale?.[n] ?? 1)));
  for (let w = 0; w < o.warmup; w++) for (const n of names) await timeIt(c.impls[n] as Impl, ops(n));
  for (let r = 0; r < o.rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const n of order) samples[n]?.push(await timeIt(c.impls[n] as Impl, ops(n)));
  }
  const medians = Object.fromEntries(names.map((n) => [n, median(samples[n] ?? [])]));
  return { name: c.name, samples, medians };
}

export function machine() {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpuModel: cpus[0]?.model ?? "unknown",
    cpus: cpus.length,
    totalMemMb: Math.round(os.totalmem() / 1048576),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
  };
}

export function writeResult(name: string, data: object): string {
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ bench: name, date: new Date().toISOString(), machine: machine(), ...data }, null, 2));
  console.log(`\nwrote ${file}`);
  return file;
}

/** Runs a benchmark's main(): exit 0 when it resolves, print the error and exit 1 when it throws. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/** Stops the processes a benchmark started, last started first, and removes its temporary folder. */
export async function stopAndClean(procs: { stop(): Promise<void> }[], tmp: string): Promise<void> {
  for (const p of procs.reverse()) await p.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? "").length))) ?? [];
  const line = (r: (string | number)[]) => "| " + r.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join(" | ") + " |";
  return [line(rows[0] ?? []), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...rows.slice(1).map(line)].join("\n");
}

export const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : "—");

/**
 * A numeric option: `--name 8` or `--name=8` on the command line (`npm run bench -- gateway
 * --duration 8`), else the environment variable, else the default.
 */
export function numberOption(name: string, envName: string, fallback: number): number {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === `--${name}` && argv[i + 1] !== undefined) return Number(argv[i + 1]);
    if (a.startsWith(`--${name}=`)) return Number(a.slice(name.length + 3));
  }
  const env = process.env[envName];
  return env !== undefined && env !== "" ? Number(env) : fallback;
}

/** The options every load benchmark takes: `--duration`, `--rounds`, `--warmup`, `--connections` (or BENCH_*). */
export function loadOptions(defaults: { durationS: number; rounds: number; warmupS: number; connections: number }) {
  return {
    durationS: numberOption("duration", "BENCH_DURATION_S", defaults.durationS),
    rounds: numberOption("rounds", "BENCH_ROUNDS", defaults.rounds),
    warmupS: numberOption("warmup", "BENCH_WARMUP_S", defaults.warmupS),
    connections: numberOption("connections", "BENCH_CONNECTIONS", defaults.connections),
  };
}
