// Runs one check with a hard timeout: even a checker that ignores its AbortSignal (a peer that
// accepts and never answers) is reported unhealthy when the time is up.
import type { CheckResult, HealthChecker } from "./types";
import type { ServerClock } from "../clock";

/** After the timeout aborts a check, how long it may take to settle with its own detail. */
export const SETTLE_MS = 50;

export async function runCheck(clock: ServerClock, checker: HealthChecker<unknown>, target: string, options: unknown, timeoutMs: number): Promise<CheckResult> {
  const ac = new AbortController();
  const started = performance.now();
  let cancel = () => {};
  const timedOut = new Promise<CheckResult>((resolve) => {
    cancel = clock.after(timeoutMs, () => {
      ac.abort(new Error(`timed out after ${timeoutMs} ms`));
      // give the checker a moment to settle with its own detail, then decide
      cancel = clock.after(SETTLE_MS, () => resolve({ healthy: false, latencyMs: performance.now() - started, detail: `timed out after ${timeoutMs} ms` }));
    });
  });
  try {
    return await Promise.race([
      checker.check(target, options, ac.signal).then(
        (r) => (ac.signal.aborted ? { ...r, healthy: false, detail: r.healthy ? `timed out after ${timeoutMs} ms` : r.detail } : r),
        (err: unknown) => ({ healthy: false, latencyMs: performance.now() - started, detail: ac.signal.aborted ? `timed out after ${timeoutMs} ms` : `checker failed: ${(err as Error)?.message ?? String(err)}` }),
      ),
      timedOut,
    ]);
  } finally {
    cancel();
    if (!ac.signal.aborted) ac.abort(new Error("check finished"));
  }
}
