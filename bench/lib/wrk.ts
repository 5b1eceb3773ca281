/**
 * wrk as the load generator, CPU pinning with taskset, and CPU time of a process tree from /proc:
 * what the gateway benchmark needs to report req/s, p50/p99 and CPU µs per request of a proxy.
 */
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { TOOLS } from "./ensure-tools";

/** Clock ticks per second of /proc/<pid>/stat utime and stime (USER_HZ). */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function statFields(pid: number, tid?: number): string[] | null {
  try {
    const s = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, "utf8");
    // the command name (field 2) may contain spaces: split after its closing parenthesis
    return s.slice(s.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** The pid and every descendant (nginx's master and worker, for example). */
export function processTree(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    const f = statFields(Number(d));
    if (f) parentOf.set(Number(d), Number(f[1])); // field 4: ppid
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [child, parent] of parentOf) if (parent === out[i]) out.push(child);
  return out;
}

/** utime + stime of the given processes, in seconds. */
export function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const f = statFields(pid);
    if (f) ticks += Number(f[11]) + Number(f[12]); // fields 14 and 15: utime, stime
  }
  return ticks / CLK_TCK;
}

/** utime + stime of one thread of a process (its main thread: tid = pid), in seconds. */
export function threadCpuSeconds(pid: number, tid = pid): number {
  const f = statFields(pid, tid);
  return f ? (Number(f[11]) + Number(f[12])) / CLK_TCK : 0;
}

/** Pins every thread of the given processes to one CPU (taskset -a -p); cpu -1: all CPUs again. No-op without taskset. */
export function pin(pids: readonly number[], cpu: number, hasTaskset: boolean): void {
  if (!hasTaskset) return;
  const list = cpu < 0 ? `0-${os.cpus().length - 1}` : String(cpu);
  for (const pid of pids) execFileSync(TOOLS.taskset.bin, ["-a", "-p", "-c", list, String(pid)], { stdio: "ignore" });
}

export interface WrkResult {
  reqPerSec: number;
  requests: number;
  durationS: number;
  p50: number;
  p99: number;
  non2xx: number;
  socketErrors: number;
  /** CPU seconds of the measured process tree during the run, and µs per request */
  cpuS: number;
  cpuUsPerReq: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
const latency = (text: string, pct: string): number => {
  const m = new RegExp(`^\\s+${pct}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, "m").exec(text);
  return m ? Number(m[1]) * (UNIT_MS[m[2] as string] ?? NaN) : NaN;
};

export function parseWrk(text: string): Omit<WrkResult, "cpuS" | "cpuUsPerReq"> {
  const req = /(\d+) requests in ([\d.]+)(us|ms|s|m),/.exec(text);
  if (!req) throw new Error(`unexpected wrk output:\n${text}`);
  const requests = Number(req[1]);
  const durationS = (Number(req[2]) * (UNIT_MS[req[3] as string] ?? NaN)) / 1000;
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  return {
    reqPerSec: Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? requests / durationS),
    requests,
    durationS,
    p50: latency(text, "50"),
    p99: latency(text, "99"),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0),
    socketErrors: sock ? sock.slice(1).reduce((a, x) => a + Number(x), 0) : 0,
  };
}

/**
 * Runs `wrk -t1 -c<connections> -d<s> --latency <url>` pinned to `cpu`, and measures the CPU time
 * of `measure` (a process tree) over exactly the run.
 */
export async function wrk(url: string, o: { connections: number; durationS: number; cpu: number; hasTaskset: boolean; measure: readonly number[] }): Promise<WrkResult> {
  const args = ["-t1", `-c${o.connections}`, `-d${o.durationS}s`, "--latency", url];
  const [cmd, argv] = o.hasTaskset ? [TOOLS.taskset.bin, ["-c", String(o.cpu), TOOLS.wrk.bin, ...args]] : [TOOLS.wrk.bin, args];
  const cpu0 = cpuSeconds(o.measure);
  const text = await new Promise<string>((resolve, reject) => {
    const p = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr.on("data", (d: Buffer) => (out += d.toString()));
    p.once("error", reject);
    p.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited with ${code}:\n${out}`))));
  });
  const cpuS = cpuSeconds(o.measure) - cpu0;
  const r = parseWrk(text);
  return { ...r, cpuS, cpuUsPerReq: r.requests > 0 ? (cpuS * 1e6) / r.requests : NaN };
}
