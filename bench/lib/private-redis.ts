// A private redis-server for benchmarks, on a free loopback port (never the system Redis), with
// INFO commandstats read over a raw RESP connection. Killed when the benchmark process exits.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { freePort, sleep } from "./http-bench";

const REDIS_SERVER = process.env.BENCH_REDIS_SERVER ?? "/usr/bin/redis-server";
const procs = new Set<ChildProcess>();
process.once("exit", () => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
});

function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: "127.0.0.1", port });
    let buf = "";
    const t = setTimeout(
      () => (s.destroy(), reject(new Error(`redis: no answer to ${command}`))),
      3000,
    );
    s.once("error", (e) => (clearTimeout(t), reject(e)));
    s.once("connect", () => s.write(`${command}\r\n`));
    s.on("data", (d: Buffer) => {
      buf += d.toString();
      const bulk = /^\$(-?\d+)\r\n/.exec(buf);
      const done = bulk
        ? Buffer.byteLength(buf) >= bulk[0].length + Number(bulk[1]) + 2
        : buf.includes("\r\n");
      if (!done) return;
      clearTimeout(t);
      s.destroy();
      resolve(bulk ? buf.slice(bulk[0].length, bulk[0].length + Number(bulk[1])) : buf.trim());
    });
  });
}

export async function startRedis(): Promise<{
  port: number;
  stop: () => void;
  stats: () => Promise<Record<string, number>>;
}> {
  const port = await freePort();
  const p = spawn(
    REDIS_SERVER,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  procs.add(p);
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      if ((await redisCommand(port, "PING")) === "+PONG") break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline || p.exitCode !== null)
      throw new Error(`redis-server on ${port} did not start`);
    await sleep(50);
  }
  return {
    port,
    stop: () => p.kill("SIGKILL"),
    /** calls per command name (INFO commandstats) */
    async stats() {
      const info = await redisCommand(port, "INFO commandstats");
      const out: Record<string, number> = {};
      for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out[m[1]!] = Number(m[2]);
      return out;
    },
  };
}

