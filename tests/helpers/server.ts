// Spawns the real Breakwater server (server/index.ts through tsx) on free ports — the control
// plane (dashboard, API) and the gateway — against a given database, waits until it serves, and
// stops it with a real signal. Every server runs in its own process group, and every group is
// killed when its test file ends, when the worker exits, and when the worker is told to stop —
// also when a test failed or timed out.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll } from "vitest";

export const ROOT = path.resolve(__dirname, "../..");

const children = new Set<ChildProcess>();

function killGroup(proc: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, signal); // the server and anything it started
  } catch {
    // already gone
  }
}

function killAll(): void {
  for (const c of children) killGroup(c);
  children.clear();
}

process.once("exit", killAll);
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === "SIGHUP" ? 1 : signal === "SIGINT" ? 2 : 15));
  });
}
// the file's tests are over (passed, failed or timed out): no server outlives them
afterAll(killAll);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  port: number;
  url: string;
  /** The gateway's listener: services at `${gatewayUrl}/<service>/…`. */
  gatewayPort: number;
  gatewayUrl: string;
  proc: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

interface SpawnOptions {
  databaseUrl: string;
  env?: Record<string, string>;
  port: number;
  gatewayPort: number;
}

function spawnServer(o: SpawnOptions): { proc: ChildProcess; output: () => string } {
  let out = "";
  const proc = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(o.port),
      HOST: "127.0.0.1",
      BREAKWATER_GATEWAY_PORT: String(o.gatewayPort),
      DATABASE_URL: o.databaseUrl,
      BREAKWATER_BUILD_ON_START: "false",
      LOG_LEVEL: "info",
      ...o.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  children.add(proc);
  proc.once("exit", () => children.delete(proc));
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  return { proc, output: () => out };
}

export async function startServer(opts: {
  databaseUrl: string;
  env?: Record<string, string>;
  port?: number;
  gatewayPort?: number;
}): Promise<RunningServer> {
  const port = opts.port ?? (await freePort());
  const gatewayPort = opts.gatewayPort ?? (await freePort());
  const { proc, output } = spawnServer({ ...opts, port, gatewayPort });
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode} before serving:\n${output()}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      killGroup(proc);
      throw new Error(`server did not serve within 60 s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    port,
    url,
    gatewayPort,
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    proc,
    output,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      proc.kill(signal);
      const t = setTimeout(() => killGroup(proc), 15_000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}

/** Runs the server until it exits by itself (for start-up failures). */
export async function runServerToExit(opts: { databaseUrl: string; env?: Record<string, string> }): Promise<{ code: number | null; output: string }> {
  const { proc, output } = spawnServer({ ...opts, port: await freePort(), gatewayPort: await freePort() });
  return new Promise((resolve) => {
    const t = setTimeout(() => killGroup(proc), 60_000);
    proc.once("exit", (code) => {
      clearTimeout(t);
      resolve({ code, output: output() });
    });
  });
}
