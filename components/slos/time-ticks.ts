// Time-axis ticks at round steps, at most ~6 per axis, each labelled once: times within a day,
// dates beyond (with the time when a step is shorter than a day but the span longer).

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEPS = [MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY];

/** Round ticks inside [from, to] (local time: whole days start at local midnight). */
export function timeTicks(from: number, to: number, maxTicks = 6): { ticks: number[]; format: (t: number) => string } {
  const span = Math.max(1, to - from);
  const step = STEPS.find((s) => span / s <= maxTicks) ?? STEPS[STEPS.length - 1]!;
  const offset = step >= DAY ? new Date(from).getTimezoneOffset() * MIN : 0;
  const first = Math.ceil((from - -offset) / step) * step + -offset;
  const ticks: number[] = [];
  for (let t = first; t <= to; t += step) ticks.push(t);
  const withDate = span > DAY;
  const format = (t: number) => {
    const d = new Date(t);
    if (step >= DAY) return d.toLocaleDateString([], { month: "short", day: "numeric" });
    const time = d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    return withDate ? `${d.toLocaleDateString([], { month: "short", day: "numeric" })} ${time}` : time;
  };
  return { ticks, format };
}
