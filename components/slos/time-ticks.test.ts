import { describe, expect, it } from "vitest";
import { timeTicks } from "./time-ticks";

const H = 3_600_000;
const from = Date.UTC(2026, 10, 3, 9, 17);

describe("timeTicks", () => {
  it.each([
    ["15 minutes", 15 * 60_000],
    ["2 hours", 2 * H],
    ["1 day", 24 * H],
    ["7 days", 7 * 24 * H],
    ["30 days", 30 * 24 * H],
    ["90 days", 90 * 24 * H],
  ])("gives a few round ticks over %s, each with its own label", (_name, span) => {
    const { ticks, format } = timeTicks(from, from + span);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(ticks.every((t) => t >= from && t <= from + span)).toBe(true);
    const labels = ticks.map(format);
    expect(new Set(labels).size).toBe(labels.length);
    const steps = ticks.slice(1).map((t, i) => t - ticks[i]!);
    expect(new Set(steps).size).toBe(1);
  });
});
