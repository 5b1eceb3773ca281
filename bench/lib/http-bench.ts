/**
 * Helpers for the HTTP benchmarks (gateway, gateway-overload): child processes that print
 * `LISTENING <port>`, the real Breakwater server, autocannon with exact per-response latencies,
 * percentiles, and RSS sampling from /proc.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon, { type Result } from "autocannon";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => process.exit(130));
}

export interface Child {
  proc: ChildProcess;
  port: number;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Keeps the last 20 KB of a child's output and kills it if this process exits first. */
export function track(proc: ChildProcess): { output: () => string; exited: Promise<void> } {
  children.add(proc);
  let out = "";
  proc.stdout?.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  proc.stderr?.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => (children.delete(proc), resolve())));
  return { output: () => out, exited };
}

/** SIGTERM, then SIGKILL after 15 s. */
export async function stopProc(proc: ChildProcess, exited: Promise<void>): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill("SIGTERM");
  const t = setTimeout(() => proc.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(t);
}

/** Starts `node --import tsx <script>` and waits for its `LISTENING <port>` line. */
export async function startScript(script: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Child> {
  const proc = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { output, exited } = track(proc);
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${script} did not listen within 30 s:\n${output()}`)), 30_000);
    proc.stdout!.on("data", () => {
      const m = /LISTENING (\d+)/.exec(output());
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
    proc.once("exit", (code) => {
      clearTimeout(t);
      reject(new Error(`${script} exited with ${code}:\n${output()}`));
    });
  });
  return { proc, port, pid: proc.pid!, output, stop: () => stopProc(proc, exited) };
}

export { freePort } from "../../scripts/lib/server-process";

/**
 * Builds the Next.js production bundle if it is missing (as the server itself would on start). If
 * the build fails because another `next build` is running in the tree, waits for that one.
 */
let serverCompiled = false;

/**
 * The dashboard's production build (once, if missing) and the compiled server (every benchmark
 * run, about a second): benchmarks run what `npm start` runs, `dist/server/index.js` on plain node.
 */
export async function ensureBuild(): Promise<void> {
  if (!serverCompiled) {
    const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "build-server.mjs")], { cwd: ROOT, stdio: "inherit" });
    if (r.status !== 0) throw new Error(`scripts/build-server.mjs failed (exit ${r.status ?? r.signal})`);
    serverCompiled = true;
  }
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  if (existsSync(buildId)) return;
  console.log("no production build (.next/BUILD_ID): running `next build` once…");
  const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const r = spawnSync(process.execPath, [nextBin, "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (r.status === 0) return;
  console.log("next build failed (another build running?): waiting up to 10 min for .next/BUILD_ID…");
  const deadline = Date.now() + 600_000;
  while (!existsSync(buildId)) {
    if (Date.now() > deadline) throw new Error(`next build failed (exit ${r.status ?? r.signal}) and no build appeared`);
    await sleep(2_000);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resident set size of a process in bytes (Linux /proc/<pid>/status VmRSS). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** Growable array of float samples (latencies in ms). */
export class Samples {
  private buf: Float64Array;
  constructor(capacity = 1 << 16) {
    this.buf = new Float64Array(capacity);
  }
  length = 0;
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  sorted(): Float64Array {
    return this.buf.slice(0, this.length).sort();
  }
}

/** Nearest-rank percentile of an ascending array. */
export function pct(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export interface LoadResult {
  reqPerSec: number;
  /** exact latencies of 2xx responses (ms, float) */
  p50: number;
  p99: number;
  /** autocannon's own (integer-ms) percentiles, for reference */
  autocannon: { reqPerSecAvg: number; p50: number; p99: number };
  responses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** Runs autocannon in this process and records every 2xx latency at full precision. */
export function load(url: string, o: { connections: number; durationS: number }): Promise<LoadResult> {
  const lat = new Samples();
  let non2xx = 0;
  return new Promise((resolve, reject) => {
    const inst = autocannon({ url, connections: o.connections, duration: o.durationS, pipelining: 1 }, (err, r: Result) => {
      if (err) return reject(err);
      const s = lat.sorted();
      resolve({
        reqPerSec: (lat.length + non2xx) / r.duration,
        p50: pct(s, 50),
        p99: pct(s, 99),
        autocannon: { reqPerSecAvg: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 },
        responses: lat.length + non2xx,
        non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
      });
    });
    inst.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) lat.push(ms);
      else non2xx++;
    });
  });
}
