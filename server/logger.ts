import pino, { type Logger } from "pino";

export type { Logger };

/**
 * Logs go to stdout with synchronous writes: nothing is left in a buffer at exit. (pino's default
 * asynchronous destination flushes its buffer in an exit handler that retries forever when stdout
 * is a pipe whose reader has gone: the process then never ends.) A reader that goes away stops
 * the logging (EPIPE); one that stops reading holds a write up for at most ~2 s.
 */
function stdoutDestination() {
  let stalledSince = 0;
  const dest = pino.destination({
    dest: 1,
    sync: true,
    retryEAGAIN: () => {
      const now = Date.now();
      if (stalledSince === 0) stalledSince = now;
      return now - stalledSince < 2_000;
    },
  });
  // EPIPE is handled by pino (logging stops); a write given up after EAGAIN is dropped
  dest.on("error", () => undefined);
  dest.on("write", () => (stalledSince = 0));
  return dest;
}

export function createLogger(level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ level, base: { app: "breakwater" }, timestamp: pino.stdTimeFunctions.isoTime }, stdoutDestination());
}
