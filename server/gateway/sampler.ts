// The 10-second sampling timer. Each round is scheduled for just after the next interval boundary
// (never a drifting interval timer), and each names the intervals it covers: a round that fires
// late, after a second boundary has passed, covers every interval since the last one, so no
// interval is skipped and none is sampled twice.
import type { ServerClock } from "../clock";

/** Fire this long after a boundary, so a timer that runs a millisecond early still sees it passed. */
const AFTER_BOUNDARY_MS = 5;

/**
 * Calls `sample(intervalStart, fromMs)` once per round: `intervalStart` is the start of the last
 * whole interval, `fromMs` the start of the first interval not sampled before (equal to
 * `intervalStart` unless rounds were late). Returns the function that stops it.
 */
export function startSampling(clock: ServerClock, intervalMs: number, sample: (intervalStart: Date, fromMs: number) => void): () => void {
  let nextFrom: number | null = null;
  let cancel = () => {};
  let stopped = false;
  const arm = () => {
    cancel = clock.after(intervalMs - (clock.now() % intervalMs) + AFTER_BOUNDARY_MS, round);
  };
  const round = () => {
    if (stopped) return;
    const start = Math.floor(clock.now() / intervalMs) * intervalMs - intervalMs;
    // the first round covers the interval the sampling started in
    const from = nextFrom ?? start;
    if (start >= from) {
      nextFrom = start + intervalMs;
      sample(new Date(start), from);
    }
    arm();
  };
  arm();
  return () => {
    stopped = true;
    cancel();
  };
}
