// Stop signals and the end of the process. The first SIGTERM/SIGINT starts a graceful stop; the
// same signal relayed again by a parent (npm forwards what the whole process group got) within
// a moment is not a second request; a later one exits at once. Whatever hangs — even the main
// thread — the process ends within the shutdown timeout + 10 s: a watchdog on its own thread
// kills it.
import { Worker } from "node:worker_threads";
import type { Logger } from "../logger";

/** Signals closer than this to the first one are the same stop request, relayed. */
const RELAY_WINDOW_MS = 2_000;

const WATCHDOG = `
const { workerData } = require("node:worker_threads");
setTimeout(() => {
  process._rawDebug("breakwater: shutdown did not complete in time: killing the process");
  process.kill(workerData.pid, "SIGKILL");
}, workerData.ms);
`;

function startWatchdog(ms: number): void {
  const w = new Worker(WATCHDOG, { eval: true, workerData: { pid: process.pid, ms } });
  w.unref();
}

export function onStopSignals(log: Logger, shutdownTimeoutMs: number, state: { shuttingDown: boolean }, stop: () => Promise<void>): void {
  let firstAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (state.shuttingDown) {
      if (Date.now() - firstAt < RELAY_WINDOW_MS) return;
      log.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    state.shuttingDown = true;
    firstAt = Date.now();
    const limit = shutdownTimeoutMs + 10_000;
    setTimeout(() => {
      log.error("shutdown did not complete in time: exiting");
      process.exit(1);
    }, limit - 1_000).unref();
    startWatchdog(limit);
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
