// Runs one check with a hard timeout: even a checker that ignores its AbortSignal (a peer that
// accepts and never answers) is reported unhealthy when the time is up.
import type { CheckResult, HealthChecker } from "./types";

export async function runCheck(checker: HealthChecker<unknown>, target: string, options: unknown, timeoutMs: number): Promise<CheckResult> {
  const ac = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      ac.abort(new Error(`timed out after ${timeoutMs} ms`));
      // give the checker a moment to settle with its own detail, then decide
      setTimeout(() => resolve({ healthy: false, latencyMs: performance.now() - started, detail: `timed out after ${timeoutMs} ms` }), 50).unref();
    }, timeoutMs);
    timer.unref();
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
    clearTimeout(timer);
    if (!ac.signal.aborted) ac.abort(new Error("check finished"));
  }
}
