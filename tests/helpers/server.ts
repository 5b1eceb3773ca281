// The real Breakwater server for tests, on free ports (control plane and gateway) against a given
// database, started through the launcher shared with the benchmarks (scripts/lib/server-process.ts).
// Tests run the compiled server (what `npm start` runs), copied by the global setup to
// dist/server-under-test so that a concurrent `npm start` rebuilding dist/server cannot disturb it.
// Every server runs in its own process group, and every group is killed when its test file ends
// (passed, failed or timed out), when the worker exits, and when the worker is told to stop.
import { afterAll } from "vitest";
import { existsSync } from "node:fs";
import {
  freePort,
  killAllServers,
  ROOT,
  runServerToExit as runToExit,
  SERVER_UNDER_TEST,
  startServerProcess,
  type ServerProcess,
} from "../../scripts/lib/server-process";

export { freePort, ROOT };

// the file's tests are over: no server outlives them
afterAll(killAllServers);

export type RunningServer = ServerProcess;

interface TestServerOptions {
  databaseUrl: string;
  env?: Record<string, string>;
  port?: number;
  gatewayPort?: number;
}

function entry(): { entry: "compiled"; compiledFile: string } | { entry: "source" } {
  // without the global setup (e.g. a helper used from a script), fall back to the sources via tsx
  return existsSync(SERVER_UNDER_TEST) ? { entry: "compiled", compiledFile: SERVER_UNDER_TEST } : { entry: "source" };
}

/** Starts the server and waits for /healthz (up to 90 s: the machine may be busy). */
export function startServer(opts: TestServerOptions): Promise<RunningServer> {
  return startServerProcess({ ...opts, ...entry(), readyTimeoutMs: 90_000 });
}

/** Runs the server until it exits by itself (for start-up failures). */
export function runServerToExit(opts: TestServerOptions): Promise<{ code: number | null; output: string }> {
  return runToExit({ ...opts, ...entry() });
}
