import { describe, expect, it } from "vitest";
import { fakeServerClock, type ServerClock } from "../clock";
import { startSampling } from "./sampler";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 3); // 3 s into an interval

/** The fake clock, with each timer firing `late()` ms after it is due (a busy event loop). */
function lateClock(late: () => number) {
  const c = fakeServerClock(T0);
  const clock: ServerClock = { ...c, after: (ms, fn) => c.after(ms + late(), fn) };
  return { c, clock };
}

describe("startSampling", () => {
  it("samples each 10-s interval once, just after it ends", () => {
    const { c, clock } = lateClock(() => 0);
    const rounds: [number, number][] = [];
    const stop = startSampling(clock, 10_000, (start, from) => rounds.push([start.getTime() - T0, from - T0]));
    c.advance(6_999);
    expect(rounds).toEqual([]);
    c.advance(40_000);
    expect(rounds).toEqual([
      [-3_000, -3_000],
      [7_000, 7_000],
      [17_000, 17_000],
      [27_000, 27_000],
    ]);
    stop();
    c.advance(60_000);
    expect(rounds).toHaveLength(4);
  });

  it("covers every interval exactly once when rounds run late, even past the next boundary", () => {
    const lateness = [0, 300, 10_400, 9_990, 0, 0];
    const { c, clock } = lateClock(() => lateness.shift() ?? 0);
    const rounds: [number, number][] = [];
    startSampling(clock, 10_000, (start, from) => rounds.push([from, start.getTime() + 10_000]));
    c.advance(120_000);
    // the covered ranges [from, end) follow each other without a gap or an overlap
    for (let i = 1; i < rounds.length; i++) expect(rounds[i]![0]).toBe(rounds[i - 1]![1]);
    // one round was 10.4 s late: it covered two intervals
    expect(rounds.some(([from, end]) => end - from === 20_000)).toBe(true);
    expect(rounds.at(-1)![1] - rounds[0]![0]).toBeGreaterThanOrEqual(100_000);
  });
});
