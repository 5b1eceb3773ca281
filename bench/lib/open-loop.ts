/**
 * An open-loop load generator that keeps every answer: requests start on a fixed schedule (`rate`
 * per second) whatever the answers, and each one's send time, status/reason and latency are kept,
 * so a benchmark can cut the run into phases afterwards. Latency = request start → body read.
 */
import type { Pool } from "undici";
import { sleep } from "./http-bench";

export interface Answer {
  /** ms after the start of the run the request was sent */
  sentAt: number;
  /** "200", "503 bulkhead_full", "504 upstream_timeout", "error" … */
  key: string;
  ms: number;
}

export interface OpenLoopRun {
  sent: number;
  answers: Answer[];
  /** worst delay between when a request was due and when it was sent (generator lag) */
  maxSendLagMs: number;
}

/** Drives `rate` req/s at `urlPath` for `seconds`; `onTick(msSinceStart)` runs about every ms. */
export async function openLoop(pool: Pool, urlPath: string, seconds: number, rate: number, onTick: (t: number) => void = () => {}): Promise<OpenLoopRun> {
  const started = performance.now();
  const run: OpenLoopRun = { sent: 0, answers: [], maxSendLagMs: 0 };
  const inFlight = new Set<Promise<void>>();
  const one = (): void => {
    const t0 = performance.now();
    const sentAt = t0 - started;
    const p = pool.request({ path: urlPath, method: "GET" }).then(
      async (r) => {
        await r.body.dump();
        const reason = r.headers["x-breakwater-reason"];
        run.answers.push({ sentAt, key: reason ? `${r.statusCode} ${String(reason)}` : String(r.statusCode), ms: performance.now() - t0 });
      },
      () => void run.answers.push({ sentAt, key: "error", ms: performance.now() - t0 }),
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const end = started + seconds * 1000;
  for (;;) {
    const now = performance.now();
    if (now >= end) break;
    const due = Math.floor(((now - started) / 1000) * rate);
    if (due > run.sent) run.maxSendLagMs = Math.max(run.maxSendLagMs, now - (started + ((run.sent + 1) / rate) * 1000));
    while (run.sent < due) {
      one();
      run.sent++;
    }
    onTick(now - started);
    await sleep(1);
  }
  await Promise.all(inFlight);
  return run;
}
