import { describe, expect, it } from "vitest";
import { FakeClock } from "../fake-clock";
import { classifySliAnswer } from "./sli";
import { sloDefinitionSchema } from "./options";
import { UpstreamBurn } from "./upstream-burn";
import { createSloTracker } from "./slo-tracker";

const avail = sloDefinitionSchema.parse({ name: "a", service: "s", sli: { type: "availability" }, objective: 99, windowSeconds: 2_592_000 });

describe("classifySliAnswer", () => {
  it("counts what clients get: refusals by an open breaker or a full bulkhead are bad", () => {
    expect(classifySliAnswer(avail.sli, "success", 5)).toEqual({ good: true, upstream: true });
    expect(classifySliAnswer(avail.sli, "upstream_error", 5)).toEqual({ good: false, upstream: true });
    expect(classifySliAnswer(avail.sli, "timeout", 5)).toEqual({ good: false, upstream: true });
    expect(classifySliAnswer(avail.sli, "unreachable", 5)).toEqual({ good: false, upstream: true });
    expect(classifySliAnswer(avail.sli, "circuit_open", 0)).toEqual({ good: false, upstream: false });
    expect(classifySliAnswer(avail.sli, "bulkhead_full", 0)).toEqual({ good: false, upstream: false });
    expect(classifySliAnswer(avail.sli, "bad_request", 0)).toBeNull();
    expect(classifySliAnswer(avail.sli, "client_closed", 0)).toBeNull();
  });

  it("leaves per-user-limit refusals out unless countUserLimited", () => {
    expect(avail.sli.countUserLimited).toBe(false);
    expect(classifySliAnswer(avail.sli, "user_limit", 0)).toBeNull();
    const strict = sloDefinitionSchema.parse({ ...avail, sli: { type: "availability", countUserLimited: true } });
    expect(classifySliAnswer(strict.sli, "user_limit", 0)).toEqual({ good: false, upstream: false });
  });

  it("latency SLI: an upstream answer is good when faster than the threshold; a refusal is bad however fast", () => {
    const lat = sloDefinitionSchema.parse({ ...avail, sli: { type: "latency", thresholdMs: 100 } }).sli;
    expect(classifySliAnswer(lat, "upstream_error", 20)?.good).toBe(true);
    expect(classifySliAnswer(lat, "success", 100)?.good).toBe(false);
    expect(classifySliAnswer(lat, "circuit_open", 0)?.good).toBe(false);
  });
});

describe("UpstreamBurn", () => {
  it("burns on upstream outcomes only, over the scaled 5m and 1h lookbacks", () => {
    const clock = new FakeClock();
    const burn = new UpstreamBurn(avail);
    expect(burn.rates(clock.now())).toEqual({ "5m": 0, "1h": 0 });
    for (let i = 0; i < 100; i++) burn.record(i >= 10, clock.now()); // 10 % bad = 10× a 99 % objective
    clock.advance(60_000);
    expect(burn.rates(clock.now())["5m"]).toBeCloseTo(10, 6);
    expect(burn.rates(clock.now())["1h"]).toBeCloseTo(10, 6);
    clock.advance(10 * 60_000); // out of the 5m lookback, still in the 1h one
    expect(burn.rates(clock.now())["5m"]).toBe(0);
    expect(burn.rates(clock.now())["1h"]).toBeCloseTo(10, 6);
    clock.advance(3_600_000);
    expect(burn.rates(clock.now())["1h"]).toBe(0);
  });
});

describe("burn-rate history", () => {
  it("every series point carries the 1h burn rate at its time, read from the buckets", () => {
    const clock = new FakeClock(1_700_000_000_000);
    const t = createSloTracker({ ...avail, windowSeconds: 86_400 }, { clock });
    t.recordCounts(50, 100); // 50 % bad = 50× the budget rate
    clock.advance(30 * 60_000);
    const s = t.status(clock.now(), { maxPoints: 500 });
    const last = s.series.at(-1)!;
    expect(last.burnRate).toBe(0); // the 1h window of a 1-day SLO is 2 minutes: long gone
    const peak = Math.max(...s.series.map((p) => p.burnRate));
    expect(peak).toBeGreaterThan(40);
    const before = s.series.filter((p) => p.t < 1_700_000_000_000);
    expect(before.every((p) => p.burnRate === 0)).toBe(true);
  });
});

describe("series from the SLO's creation", () => {
  it("spreads the points over [seriesFrom, now], cumulative from the window start", () => {
    const clock = new FakeClock(1_700_000_000_000);
    const t = createSloTracker(avail, { clock }); // 30 days: 1-minute buckets
    t.recordCounts(9, 10, clock.now() - 3 * 3_600_000); // before the series starts: still counted
    const from = clock.now() - 2 * 3_600_000;
    t.recordCounts(10, 10);
    const s = t.status(clock.now(), { maxPoints: 50, seriesFrom: clock.now() - 2 * 3_600_000 });
    expect(s.series.length).toBeGreaterThan(40);
    expect(s.series[0]!.t).toBeGreaterThanOrEqual(from - 60_000);
    expect(s.series[0]!.sli).toBe(90);
    expect(s.series.every((p, i) => i === 0 || p.t > s.series[i - 1]!.t)).toBe(true);
    expect(s.series.at(-1)).toMatchObject({ t: clock.now(), sli: s.sli });
    expect(s.sli).toBe(95);
  });
});
