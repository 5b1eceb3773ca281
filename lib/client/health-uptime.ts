// A health check's uptime over its per-minute results, and how the dashboard writes it.

/** Up and down runs summed over the minutes; `pct` is null without any run. */
export function uptimeOf(minutes: readonly { up: number; down: number }[]): { up: number; down: number; pct: number | null } {
  let up = 0;
  let down = 0;
  for (const m of minutes) {
    up += m.up;
    down += m.down;
  }
  return { up, down, pct: up + down ? (up / (up + down)) * 100 : null };
}

/** "100 %" from 99.95 up, else one decimal ("97.5 %"); "—" without any run. */
export function uptimeText(pct: number | null): string {
  return pct === null ? "—" : `${pct >= 99.95 ? "100" : pct.toFixed(1)} %`;
}
