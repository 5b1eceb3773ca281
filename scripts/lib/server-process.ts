// The one way tests and benchmarks start the real Breakwater server: a child process on free ports
// (control plane PORT and gateway BREAKWATER_GATEWAY_PORT), in production mode, against a given
// database; ready once /healthz answers 200. Each server runs in its own process group, and every
// group still alive is killed when this process exits or is told to stop, so no server outlives
// the test run or benchmark that started it (also when a test failed or timed out).
//
// `entry: "compiled"` runs dist/server/index.js (what `npm start` runs; build it with
// ensureCompiledServer() or scripts/build-server.mjs); `entry: "source"` runs server/index.ts
// through tsx.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
export const COMPILED_SERVER = path.join(ROOT, "dist", "server", "index.js");
/** The copy of the compiled server the tests run (tests/helpers/global-setup.ts writes it). */
export const SERVER_UNDER_TEST = path.join(ROOT, "dist", "server-under-test", "index.js");

const children = new Set<ChildProcess>();

/** SIGKILLs (by default) the server's whole process group: the server and anything it started. */
export function killGroup(proc: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // already gone
  }
}

/** Kills every server started by this process that is still running. */
export function killAllServers(): void {
  for (const c of children) killGroup(c);
  children.clear();
}

process.once("exit", killAllServers);
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
  process.once(signal, () => {
    killAllServers();
    process.exit(128 + (signal === "SIGHUP" ? 1 : signal === "SIGINT" ? 2 : 15));
  });
}

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

/** Compiles the server to dist/server/index.js (scripts/build-server.mjs, esbuild: about a second). */
export function ensureCompiledServer(opts: { force?: boolean } = {}): void {
  if (!opts.force && existsSync(COMPILED_SERVER)) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "build-server.mjs")], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (r.status !== 0)
    throw new Error(`scripts/build-server.mjs failed (exit ${r.status ?? r.signal})`);
}

export interface ServerProcessOptions {
  databaseUrl: string;
  /** Extra environment, applied last. */
  env?: Record<string, string>;
  /** Fixed ports (e.g. to restart on the same ones); free ports by default. */
  port?: number;
  gatewayPort?: number;
  /** Arguments for node itself (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** "compiled" (dist/server/index.js, or `compiledFile`) or "source" (server/index.ts through tsx, the default). */
  entry?: "compiled" | "source";
  compiledFile?: string;
  /** LOG_LEVEL unless `env` sets it (default info). */
  logLevel?: string;
  /** How long to wait for /healthz (default 60 s). */
  readyTimeoutMs?: number;
}

export interface ServerProcess {
  port: number;
  /** http://127.0.0.1:<port>: API, UI, /metrics, /healthz, Socket.IO */
  url: string;
  /** The gateway's listener: services at `${gatewayUrl}/<service>/…`. */
  gatewayPort: number;
  gatewayUrl: string;
  proc: ChildProcess;
  pid: number;
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Sends `signal` (SIGTERM by default), SIGKILLs the group after 15 s, resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns the server without waiting for it (see startServerProcess). */
export function spawnServerProcess(
  o: ServerProcessOptions & { port: number; gatewayPort: number },
): Omit<ServerProcess, "url" | "gatewayUrl"> {
  let out = "";
  const entry =
    o.entry === "compiled"
      ? ["--enable-source-maps", o.compiledFile ?? COMPILED_SERVER]
      : ["--import", "tsx", "server/index.ts"];
  const proc = spawn(process.execPath, [...(o.nodeArgs ?? []), ...entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(o.port),
      HOST: "127.0.0.1",
      BREAKWATER_GATEWAY_PORT: String(o.gatewayPort),
      DATABASE_URL: o.databaseUrl,
      BREAKWATER_BUILD_ON_START: "false",
      LOG_LEVEL: o.logLevel ?? "info",
      ...o.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, killed as a whole
  });
  children.add(proc);
  const exited = new Promise<number | null>((resolve) =>
    proc.once("exit", (code) => {
      children.delete(proc);
      resolve(code);
    }),
  );
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  return {
    port: o.port,
    gatewayPort: o.gatewayPort,
    proc,
    pid: proc.pid!,
    output: () => out,
    exited,
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

/**
 * Starts the server and waits until /healthz answers 200 (killing it if it never does). Ports it
 * picks itself are free when picked but can be taken by another process before the server binds
 * them (files run side by side): on EADDRINUSE it picks new ones and starts again, up to 3 times.
 */
export async function startServerProcess(o: ServerProcessOptions): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(o);
    } catch (err) {
      const ownPorts = o.port === undefined || o.gatewayPort === undefined;
      if (!ownPorts || attempt >= 3 || !(err instanceof PortTakenError)) throw err;
    }
  }
}

class PortTakenError extends Error {}

async function startOnce(o: ServerProcessOptions): Promise<ServerProcess> {
  const port = o.port ?? (await freePort());
  const gatewayPort = o.gatewayPort ?? (await freePort());
  const s = spawnServerProcess({ ...o, port, gatewayPort });
  const url = `http://127.0.0.1:${port}`;
  const timeoutMs = o.readyTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (s.proc.exitCode !== null || s.proc.signalCode !== null) {
      // its last output can arrive after "exit": wait for the pipes to close (briefly)
      if (!s.proc.stdout!.readableEnded)
        await new Promise((r) => {
          s.proc.once("close", r);
          setTimeout(r, 1_000).unref();
        });
      const message = `server exited with ${s.proc.exitCode ?? s.proc.signalCode} before serving:\n${s.output()}`;
      throw s.output().includes("EADDRINUSE") ? new PortTakenError(message) : new Error(message);
    }
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      killGroup(s.proc);
      throw new Error(`server did not serve within ${timeoutMs / 1000} s:\n${s.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { ...s, url, gatewayUrl: `http://127.0.0.1:${gatewayPort}` };
}

/** Runs the server until it exits by itself (start-up failures); SIGKILLs it after `timeoutMs`. */
export async function runServerToExit(
  o: ServerProcessOptions & { timeoutMs?: number },
): Promise<{ code: number | null; output: string }> {
  const s = spawnServerProcess({
    ...o,
    port: o.port ?? (await freePort()),
    gatewayPort: o.gatewayPort ?? (await freePort()),
  });
  const t = setTimeout(() => killGroup(s.proc), o.timeoutMs ?? 60_000);
  const code = await s.exited;
  clearTimeout(t);
  return { code, output: s.output() };
}
