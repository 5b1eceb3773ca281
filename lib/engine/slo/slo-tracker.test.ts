import { describe, expect, it } from "vitest";
import { FakeClock } from "../fake-clock";
import type { SloDefinitionInput } from "./options";
import { createSloTracker, SloTracker } from "./slo-tracker";

/** Midnight UTC: aligned to every bucket width. */
const T0 = 1_699_920_000_000;
const S = 1_000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

const def = (patch: Partial<SloDefinitionInput> = {}): SloDefinitionInput => ({
  name: "payments availability",
  service: "payments",
  sli: { type: "availability" },
  objective: 99,
  windowSeconds: 2_592_000,
  ...patch,
});

function tracker(patch: Partial<SloDefinitionInput> = {}, start = T0) {
  const clock = new FakeClock(start);
  return { clock, t: createSloTracker(def(patch), { clock }) };
}

describe("SloTracker: SLIs and budget", () => {
  it("availability: SLI, budget and burn for a fresh window (objective 99.9)", () => {
    const { t } = tracker({ objective: 99.9 });
    for (let i = 0; i < 1000; i++) t.record({ ok: i >= 5, durationMs: 10 });
    const s = t.status();
    expect(s.sli).toBe(99.5);
    expect(s.objective).toBe(99.9);
    expect(s.events).toEqual({ good: 995, total: 1000 });
    // total = 0.001 × 1000 = 1 allowed bad event, 5 consumed
    expect(s.errorBudget).toEqual({ total: 1, consumed: 5, remaining: -4, remainingRatio: -4 });
    // 5 / (1000 × 0.001) = 5 in every window
    expect(s.burnRates).toEqual({ "5m": 5, "30m": 5, "1h": 5, "6h": 5, "1d": 5, "3d": 5 });
    expect(s.exhaustsAt).toBe(T0); // already exhausted
  });

  it("latency: good = strictly under thresholdMs, whatever the status", () => {
    const { t } = tracker({ sli: { type: "latency", thresholdMs: 300 } });
    const calls = [
      { ok: true, durationMs: 100 },
      { ok: true, durationMs: 299 },
      { ok: true, durationMs: 300 },
      { ok: true, durationMs: 500 },
      { ok: false, durationMs: 50 },
    ];
    for (const c of calls) t.record(c);
    expect(calls.map((c) => t.isGood(c))).toEqual([true, true, false, false, true]);
    const s = t.status();
    expect(s.sli).toBe(60);
    // budget 0.01 × 5 = 0.05, consumed 2
    expect(s.errorBudget).toEqual({ total: 0.05, consumed: 2, remaining: -1.95, remainingRatio: -39 });
    expect(s.burnRates["5m"]).toBe(40); // 2 / (5 × 0.01)
  });

  it("reports a clean status without calls", () => {
    const { t } = tracker();
    const s = t.status();
    expect(s).toMatchObject({
      sli: 100,
      events: { good: 0, total: 0 },
      errorBudget: { total: 0, consumed: 0, remaining: 0, remainingRatio: 1 },
      burnRates: { "5m": 0, "30m": 0, "1h": 0, "6h": 0, "1d": 0, "3d": 0 },
    });
    expect(s.exhaustsAt).toBeUndefined();
    expect("exhaustsAt" in s).toBe(false);
  });

  it("computes each burn-rate window over its own lookback (30-day SLO, objective 99)", () => {
    const { t } = tracker({}, T0 + 10 * D);
    const now = T0 + 10 * D;
    const put = (age: number, bad: number) => t.recordCounts(100 - bad, 100, now - age);
    put(0, 10); //                 in 5m and up
    put(10 * MIN, 20); //          in 30m and up
    put(45 * MIN, 0); //           in 1h and up
    put(3 * H, 30); //             in 6h and up
    put(12 * H, 0); //             in 1d and up
    put(2 * D, 40); //             in 3d (coarse buckets)
    put(10 * D, 50); //            in the 30-day window only
    const s = t.status(now);
    expect(s.burnRates).toEqual({
      "5m": 10, //  10 / (100 × 0.01)
      "30m": 15, // 30 / (200 × 0.01)
      "1h": 10, //  30 / (300 × 0.01)
      "6h": 15, //  60 / (400 × 0.01)
      "1d": 12, //  60 / (500 × 0.01)
      "3d": 16.666667, // 100 / (600 × 0.01)
    });
    expect(s.events).toEqual({ good: 550, total: 700 });
    expect(s.sli).toBe(78.5714);
    expect(s.errorBudget).toEqual({ total: 7, consumed: 150, remaining: -143, remainingRatio: -20.428571 });
  });

  it("window edges: whole buckets in the lookback, plus the share of the one before that is still inside", () => {
    const { t } = tracker();
    t.recordCounts(0, 10, T0 - 290 * S); // 29 buckets back
    t.recordCounts(9, 10, T0 - 310 * S); // 31 buckets back: outside 5m, inside 30m
    const s = t.status(T0);
    expect(s.burnRates["5m"]).toBe(100); // 10 / (10 × 0.01)
    expect(s.burnRates["30m"]).toBe(55); // 11 / (20 × 0.01)
    // 295 s later every record is more than 5 minutes old
    expect(t.status(T0 + 295 * S).burnRates["5m"]).toBe(0);
    expect(t.status(T0 + 5 * S).burnRates["5m"]).toBe(100); // the bucket 29 back is still whole inside
    expect(t.status(T0 + 20 * S).burnRates["5m"]).toBe(0);
  });

  it("regression: a one-bucket lookback does not read empty right after a bucket boundary", () => {
    const { t } = tracker({ windowSeconds: 3600 }); // '5m' and '1h' scale down to 10 s
    t.recordCounts(0, 10, T0 + 9 * S);
    // just after the boundary the previous bucket still covers most of the last 10 s
    expect(t.status(T0 + 10 * S + 500).burnRates["5m"]).toBeGreaterThan(90);
    expect(t.status(T0 + 10 * S + 500).burnRates["1h"]).toBeGreaterThan(90);
  });

  it("drops events older than the SLO window", () => {
    const { t, clock } = tracker({ windowSeconds: 86_400 });
    t.recordCounts(0, 5);
    clock.advance(D - 10 * S);
    t.recordCounts(5, 5);
    expect(t.status().events).toEqual({ good: 5, total: 10 });
    clock.advance(10 * S);
    expect(t.status().events).toEqual({ good: 5, total: 5 });
  });
});

describe("SloTracker: alert rule and scaling", () => {
  it("pages exactly at pageBurnRate (objective 99.9: 144 bad in 10000 = 14.4)", () => {
    const at = (bad: number) => {
      const { t } = tracker({ objective: 99.9 });
      t.recordCounts(10_000 - bad, 10_000);
      return t.evaluate();
    };
    const page = at(144);
    expect(page.status.burnRates["1h"]).toBe(14.4);
    expect(page.alerts.page).toBe(true);
    expect(page.alerts.ticket).toBe(true);
    expect(at(143).alerts.page).toBe(true); // 14.3 < 14.4 but the 6h/30m rule (≥ 6) pages
    const calm = at(5); // burn 0.5
    expect(calm.alerts).toMatchObject({ page: false, ticket: false });
    const slow = at(60); // burn 6: only the slow page rule
    expect(slow.alerts.pageWindows?.name).toBe("page_slow");
    const below = at(59);
    expect(below.alerts).toMatchObject({ page: false, ticket: true });
  });

  it("1-day SLO: '1h' is 2 minutes and '5m' 10 seconds", () => {
    const { t } = tracker({ windowSeconds: 86_400 });
    t.recordCounts(50, 100, T0 - 100 * S); // 10 buckets back: inside 120 s, outside 60 s and 10 s
    let e = t.evaluate(T0);
    expect(e.status.lookbacks).toMatchObject({ "5m": 10, "30m": 60, "1h": 120 });
    expect(e.status.burnRates).toMatchObject({ "5m": 0, "30m": 0, "1h": 50 });
    expect(e.alerts.page).toBe(false); // the short window is clean
    t.recordCounts(0, 10, T0);
    e = t.evaluate(T0);
    expect(e.status.burnRates["5m"]).toBe(100); // 10 / (10 × 0.01)
    expect(e.status.burnRates["1h"]).toBe(54.545455); // 60 / (110 × 0.01)
    expect(e.alerts.pageWindows).toMatchObject({ name: "page_fast", longSeconds: 120, shortSeconds: 10 });
  });

  it("7-day SLO: '5m' is 70 seconds", () => {
    const { t } = tracker({ windowSeconds: 604_800 });
    t.recordCounts(0, 1, T0 - 60 * S); // 6 buckets back: inside 7 buckets
    t.recordCounts(0, 1, T0 - 70 * S); // 7 buckets back: on the lookback's edge
    t.recordCounts(2, 2, T0);
    const s = t.status(T0);
    expect(s.lookbacks["5m"]).toBe(70);
    expect(s.burnRates["5m"]).toBe(50); // 2 / (4 × 0.01): the 70-s lookback reaches back to T0 − 70 s
    expect(s.burnRates["30m"]).toBe(50); // 2 / (4 × 0.01), 420 s
  });

  it("trips the breaker while the scaled 1h and 5m burns are at least the trip threshold", () => {
    const { t, clock } = tracker({ tripBreakerOnBurnRate: 20 });
    t.recordCounts(80, 100); // burn 20
    expect(t.evaluate().tripBreaker).toBe(true);
    clock.advance(5 * MIN + 10 * S); // the 5m window empties
    expect(t.evaluate().tripBreaker).toBe(false);
    const off = tracker();
    off.t.recordCounts(0, 100);
    expect(off.t.evaluate().tripBreaker).toBe(false); // tripBreakerOnBurnRate: null
  });
});

describe("SloTracker: exhaustion projection", () => {
  it("projects from the '1h' rates: remaining / (bad rate − allowed rate)", () => {
    const { t } = tracker();
    t.recordCounts(100_000, 100_000, T0 - 2 * D); // a good history: budget 1000
    t.recordCounts(900, 1000, T0); // last hour: 100 bad of 1000, burn 10
    const s = t.status(T0);
    // window: 101000 calls, 100 bad → budget 1010, remaining 910
    expect(s.errorBudget).toEqual({ total: 1010, consumed: 100, remaining: 910, remainingRatio: 0.90099 });
    // net = (100 − 0.01 × 1000) bad per hour = 90 / 3.6e6 ms → 910 / 90 h = 36 400 000 ms
    expect(s.exhaustsAt).toBe(T0 + 36_400_000);
  });

  it("is absent when the '1h' burn is at most 1 (the budget is not shrinking)", () => {
    const { t } = tracker();
    t.recordCounts(100_000, 100_000, T0 - 2 * D);
    t.recordCounts(990, 1000, T0); // burn exactly 1
    expect(t.status(T0).burnRates["1h"]).toBe(1);
    expect(t.status(T0).exhaustsAt).toBeUndefined();
    t.recordCounts(1000, 1000, T0 - 2 * D);
    expect(t.status(T0 + 2 * H).exhaustsAt).toBeUndefined(); // no calls in the last hour
  });

  it("is now once the budget is spent", () => {
    const { t } = tracker();
    t.recordCounts(90, 100);
    expect(t.status().exhaustsAt).toBe(T0);
  });
});

describe("SloTracker: buckets", () => {
  it("rolls over from fine to coarse buckets: the 3d burn and the budget keep what the 1d window lost", () => {
    const { t, clock } = tracker();
    t.recordCounts(0, 10);
    clock.advance(D - 10 * S);
    expect(t.status().burnRates["1d"]).toBe(100);
    clock.advance(10 * S); // the fine bucket leaves the last day
    const s = t.status();
    expect(s.burnRates["1d"]).toBe(0);
    expect(s.burnRates["3d"]).toBe(100);
    expect(s.errorBudget.consumed).toBe(10);
    t.recordCounts(1, 1); // moves the fine ring: the old fine bucket is gone for good
    expect(t.exportBuckets().map((r) => [r.resolution, r.start - T0])).toEqual([
      ["10s", D],
      ["1m", 0],
      ["1m", D],
    ]);
  });

  it("keeps memory fixed however long it runs", () => {
    const { t, clock } = tracker({ windowSeconds: 86_400 });
    expect(t.bucketCount).toBe(8640 + 1440);
    expect(t.memoryBytes).toBe((8640 + 1440) * 8);
    for (let i = 0; i < 5 * 86_400; i += 7) {
      t.record({ ok: i % 11 !== 0, durationMs: 1 });
      clock.advance(7 * S);
    }
    expect(t.bucketCount).toBe(8640 + 1440);
    expect(t.memoryBytes).toBe((8640 + 1440) * 8);
    expect(t.exportBuckets().length).toBeLessThanOrEqual(t.bucketCount);
    expect(t.dirtyCount).toBeLessThanOrEqual(t.bucketCount); // never drained, still bounded
    expect(t.toJSON().fine.length).toBeLessThanOrEqual(8640);
    const s = t.status();
    expect(s.events.total).toBeGreaterThan(12_000);
    expect(s.events.total).toBeLessThanOrEqual(12_343);
  });

  it("documents its memory: 405 KiB for 30 days, 1.05 MiB for 90, 3.3 KiB for 1 hour", () => {
    expect(tracker().t.memoryBytes).toBe((8640 + 43_200) * 8);
    expect(tracker({ windowSeconds: 7_776_000 }).t.memoryBytes).toBe((8640 + 129_600) * 8);
    expect(tracker({ windowSeconds: 3_600 }).t.memoryBytes).toBe((360 + 60) * 8);
  });

  it("snapshot → restore gives an identical status, now and later", () => {
    const { t, clock } = tracker({ objective: 99.5 });
    for (let i = 0; i < 500; i++) {
      t.recordCounts(i % 7 === 0 ? 0 : 3, 3, T0 - i * 17 * MIN);
    }
    const json = JSON.parse(JSON.stringify(t.toJSON()));
    expect(json.v).toBe(1);
    expect(json.fine[0]).toHaveLength(3);
    const copy = new SloTracker(def({ objective: 99.5 }), { clock, snapshot: json });
    expect(copy.status()).toEqual(t.status());
    expect(copy.status(T0 + 2 * H)).toEqual(t.status(T0 + 2 * H));
    expect(copy.toJSON()).toEqual(t.toJSON());
    expect(copy.dirtyCount).toBe(0);
    expect(() => new SloTracker(def(), { clock, snapshot: { v: 2 } })).toThrow();
  });

  it("drainDirty returns increments since the last drain, closed buckets only with `before`", () => {
    const { t, clock } = tracker();
    t.recordCounts(1, 2); // T0
    clock.advance(15 * S);
    t.recordCounts(1, 1); // T0 + 15 s
    expect(t.drainDirty({ before: clock.now() })).toEqual([{ resolution: "10s", start: T0, good: 1, total: 2 }]);
    expect(t.drainDirty()).toEqual([
      { resolution: "10s", start: T0 + 10 * S, good: 1, total: 1 },
      { resolution: "1m", start: T0, good: 2, total: 3 },
    ]);
    expect(t.drainDirty()).toEqual([]);
    t.recordCounts(0, 1); // same buckets again: only the increment
    expect(t.drainDirty()).toEqual([
      { resolution: "10s", start: T0 + 10 * S, good: 0, total: 1 },
      { resolution: "1m", start: T0, good: 0, total: 1 },
    ]);
  });

  it("rows drained (and summed per bucket, as the database does) reload to the same status", () => {
    const { t, clock } = tracker();
    const stored = new Map<string, { resolution: "10s" | "1m"; start: number; good: number; total: number }>();
    const flush = () => {
      for (const row of t.drainDirty()) {
        const key = `${row.resolution}:${row.start}`;
        const prev = stored.get(key);
        stored.set(key, prev ? { ...prev, good: prev.good + row.good, total: prev.total + row.total } : { ...row });
      }
    };
    for (let i = 0; i < 300; i++) {
      t.record({ ok: i % 5 !== 0, durationMs: 1 });
      clock.advance(3 * S + 100);
      if (i % 37 === 0) flush();
    }
    flush();
    const reloaded = createSloTracker(def(), { clock });
    expect(reloaded.importBuckets(stored.values())).toBe(stored.size);
    expect(reloaded.status()).toEqual(t.status());
    expect(reloaded.dirtyCount).toBe(0);
  });

  it("importBuckets adds (several instances) or replaces, and skips bad rows", () => {
    const { t } = tracker();
    const rows = [
      { resolution: "10s" as const, start: T0, good: 9, total: 10 },
      { resolution: "1m" as const, start: T0, good: 9, total: 10 },
    ];
    t.importBuckets(rows);
    t.importBuckets(rows); // a second instance's rows
    expect(t.status().events).toEqual({ good: 18, total: 20 });
    t.importBuckets(rows, "replace");
    expect(t.status().events).toEqual({ good: 9, total: 10 });
    const bad = [
      { resolution: "5m", start: T0, good: 1, total: 1 },
      { resolution: "1m", start: T0, good: 2, total: 1 },
      { resolution: "1m", start: -1, good: 0, total: 1 },
    ] as never[];
    expect(t.importBuckets(bad)).toBe(0);
    expect(t.exportBuckets(T0 + 1)).toEqual([]);
    expect(t.exportBuckets()).toEqual(rows);
  });

  it("records with an explicit time, ignoring ones older than everything held", () => {
    const { t } = tracker({ windowSeconds: 86_400 });
    expect(t.record({ ok: false, durationMs: 1 }, T0 - 2 * H)).toBe(true);
    expect(t.record({ ok: true, durationMs: 1 }, T0 + 2 * D)).toBe(true);
    expect(t.record({ ok: false, durationMs: 1 }, T0 - 2 * H)).toBe(false); // now outside both rings
    expect(() => t.recordCounts(2, 1)).toThrow(RangeError);
  });
});

describe("SloTracker: burn-down series", () => {
  it("is cumulative from the window start, ends at now and stays within maxPoints", () => {
    const { t } = tracker({ windowSeconds: 3_600 });
    t.recordCounts(100, 100, T0 - 50 * MIN);
    t.recordCounts(99, 100, T0 - 20 * MIN);
    const s = t.status(T0 + 5 * S);
    expect(s.series.length).toBeLessThanOrEqual(200);
    const last = s.series.at(-1)!;
    expect(last).toEqual({ t: T0 + 5 * S, sli: s.sli, remainingRatio: s.errorBudget.remainingRatio, burnRate: s.burnRates["1h"] });
    expect(last.remainingRatio).toBe(0.5); // 2 allowed, 1 consumed
    expect(s.series[0]).toMatchObject({ sli: 100, remainingRatio: 1 });
    const before = s.series.filter((p) => p.t <= T0 - 20 * MIN);
    expect(before.at(-1)).toMatchObject({ sli: 100, remainingRatio: 1 });
    const times = s.series.map((p) => p.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(t.status(T0, { maxPoints: 10 }).series.length).toBeLessThanOrEqual(10);
  });

  it("30-day window: at most 200 points on 1-minute buckets", () => {
    const { t } = tracker();
    t.recordCounts(0, 1, T0 - 20 * D);
    const s = t.status(T0);
    expect(s.series.length).toBeLessThanOrEqual(200);
    expect(s.series.length).toBeGreaterThan(150);
    expect(s.series.at(-1)!.remainingRatio).toBe(-99);
  });
});
