import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../fake-clock";
import { BURN_WINDOWS } from "./burn";
import { createSloTracker } from "./slo-tracker";

const T0 = 1_699_920_000_000;

type Step = { advanceMs: number; ok: boolean; count: number };
const step: fc.Arbitrary<Step> = fc.record({
  advanceMs: fc.oneof(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: 0, max: 6 * 3_600_000 })),
  ok: fc.boolean(),
  count: fc.integer({ min: 1, max: 5 }),
});

describe("SloTracker properties", () => {
  it.each([
    ["1-day window (fine buckets)", 86_400, 10_000],
    ["7-day window (coarse buckets)", 604_800, 60_000],
  ])("%s: consumed = bad events in the window, burns ≥ 0, remainingRatio ≤ 1", (_, windowSeconds, width) => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.constantFrom(99, 99.9, 95), (steps, objective) => {
        const clock = new FakeClock(T0 + 1234);
        const t = createSloTracker(
          { name: "p", service: "s", sli: { type: "availability" }, objective, windowSeconds },
          { clock },
        );
        const events: { at: number; ok: boolean; count: number }[] = [];
        for (const s of steps) {
          clock.advance(s.advanceMs);
          t.recordCounts(s.ok ? s.count : 0, s.count);
          events.push({ at: clock.now(), ok: s.ok, count: s.count });
        }
        const now = clock.now();
        const s = t.status(now);
        const kNow = Math.floor(now / width);
        const m = Math.ceil((windowSeconds * 1000) / width);
        const inWindow = events.filter((e) => Math.floor(e.at / width) > kNow - m);
        const bad = inWindow.filter((e) => !e.ok).reduce((n, e) => n + e.count, 0);
        const total = inWindow.reduce((n, e) => n + e.count, 0);
        expect(s.errorBudget.consumed).toBe(bad);
        expect(s.events.total).toBe(total);
        for (const w of BURN_WINDOWS) expect(s.burnRates[w]).toBeGreaterThanOrEqual(0);
        expect(s.errorBudget.remainingRatio).toBeLessThanOrEqual(1);
        expect(s.sli).toBeGreaterThanOrEqual(0);
        expect(s.sli).toBeLessThanOrEqual(100);
        for (const p of s.series) expect(p.remainingRatio).toBeLessThanOrEqual(1);
        expect(s.series.length).toBeLessThanOrEqual(200);
        if (s.exhaustsAt !== undefined) expect(s.exhaustsAt).toBeGreaterThanOrEqual(now);
        // a round trip through the snapshot changes nothing
        const copy = createSloTracker(t.definition, { clock, snapshot: JSON.parse(JSON.stringify(t.toJSON())) });
        expect(copy.status(now)).toEqual(s);
      }),
      { numRuns: 60 },
    );
  });
});
