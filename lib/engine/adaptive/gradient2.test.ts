import { describe, expect, it } from "vitest";
import { FakeClock } from "../fake-clock";
import { createAdaptiveLimiter } from "./create";
import { Gradient2Limiter } from "./gradient2";
import { DEFAULT_GRADIENT2_OPTIONS, gradient2OptionsSchema, type Gradient2OptionsInput } from "./options";
import { scenario, simulate, watched, within } from "./simulation";

const base = { algorithm: "gradient2", minLimit: 2, maxLimit: 200 } as const;

const setup = (options: Partial<Gradient2OptionsInput> = {}) => watched((clock) => new Gradient2Limiter({ ...base, ...options }, { name: "svc", clock }));

describe("gradient2 limiter", () => {
  it("has the documented defaults and names a bad field", () => {
    expect(DEFAULT_GRADIENT2_OPTIONS).toEqual({
      algorithm: "gradient2",
      minLimit: 4,
      maxLimit: 1000,
      initialLimit: 20,
      sampleWindowMs: 500,
      minSamples: 10,
      tolerance: 1.25,
      smoothing: 0.5,
      longWindow: 60,
      minRttProbeIntervalMs: 60_000,
    });
    const bad = gradient2OptionsSchema.safeParse({ algorithm: "gradient2", minLimit: 10, initialLimit: 5 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["initialLimit"]);
    expect(gradient2OptionsSchema.safeParse({ algorithm: "gradient2", tolerance: 0.5 }).error?.issues[0]?.path).toEqual(["tolerance"]);
    expect(() => createAdaptiveLimiter({ algorithm: "gradient2", maxLimit: 0 })).toThrow(/maxLimit/);
  });

  it("starts with a min-RTT probe at minLimit, then returns to initialLimit with the measured baseline", () => {
    const { limiter, events, feed } = setup({ initialLimit: 30 });
    expect(limiter.limit).toBe(2);
    expect(limiter.probingMinRtt).toBe(true);
    feed({ rttMs: 20, inflight: 2 });
    expect(limiter.limit).toBe(30);
    expect(limiter.snapshot().rttMs).toEqual({ short: 20, long: 20 });
    expect(events.map((e) => [e.from, e.to, e.reason])).toEqual([[2, 30, "min_rtt_probe_done"]]);
  });

  it("converges towards the upstream's capacity from below", async () => {
    const sim = simulate((clock) => new Gradient2Limiter({ ...base, initialLimit: 2 }, { clock }), { capacity: 20 });
    await sim.windows(40);
    // steady state: tolerance × capacity plus √limit headroom (about 1.5 × C here), never below C
    expect(within(await sim.windows(20), 20, 40)).toBe(true);
  });

  it("converges towards the upstream's capacity from above", async () => {
    const sim = simulate((clock) => new Gradient2Limiter({ ...base, initialLimit: 150 }, { clock }), { capacity: 20 });
    const first = await sim.windows(10);
    expect(first[1]).toBe(150); // the probe measured 20 ms at minLimit, then the limit came back
    expect(Math.min(...first)).toBeLessThan(45);
    expect(within(await sim.windows(20), 20, 40)).toBe(true);
  });

  it("falls within a few windows when the capacity halves, and settles near the new capacity", async () => {
    const sim = simulate((clock) => new Gradient2Limiter({ ...base, initialLimit: 20 }, { clock }), { capacity: 20 });
    const before = await sim.windows(30);
    const steady = before[before.length - 1] as number;
    sim.upstream.setCapacity(10);
    const after = await sim.windows(5);
    expect(Math.min(...after)).toBeLessThanOrEqual(Math.ceil(steady * 0.7));
    expect(within(await sim.windows(20), 10, 22)).toBe(true);
  });

  it("ignores a single outlier sample", async () => {
    const clock = new FakeClock();
    const limiter = new Gradient2Limiter({ ...base, initialLimit: 2 }, { clock });
    let n = 0;
    const outlierAt = 20_000;
    const sim = scenario(clock, limiter, { capacity: 20, rttOf: (rtt) => (++n === outlierAt ? 5_000 : rtt) });
    const limits = await sim.windows(60);
    expect(n).toBeGreaterThan(outlierAt);
    const changes: number[] = [];
    for (let i = 1; i < limits.length; i++) changes.push((limits[i] as number) - (limits[i - 1] as number));
    expect(Math.min(...changes.slice(30))).toBeGreaterThanOrEqual(-1); // steady, no drop from the outlier
  });

  it("re-measures the baseline periodically, so a slower upstream does not keep the limit at the floor", async () => {
    const clock = new FakeClock();
    const limiter = new Gradient2Limiter({ ...base, initialLimit: 20, minRttProbeIntervalMs: 10_000 }, { clock });
    const sim = scenario(clock, limiter, { capacity: 20 });
    await sim.windows(20);
    sim.upstream.serviceMs = 60; // same capacity, every call three times slower
    await sim.windows(50);
    expect(limiter.snapshot().rttMs.long).toBeGreaterThanOrEqual(55);
    expect(within(await sim.windows(10), 20, 40)).toBe(true);
  });

  it("does not grow while app-limited (fewer than half the limit in flight)", () => {
    const { limiter, feed } = setup({ initialLimit: 40, minRttProbeIntervalMs: 0 });
    for (let i = 0; i < 10; i++) feed({ rttMs: 20, inflight: 10 });
    expect(limiter.limit).toBe(40);
    feed({ rttMs: 20, inflight: 40 });
    expect(limiter.limit).toBeGreaterThan(40);
  });

  it("does not grow in a window where the upstream dropped calls", () => {
    const { limiter, feed, clock } = setup({ initialLimit: 40, minRttProbeIntervalMs: 0 });
    feed({ rttMs: 20, inflight: 40 });
    const limit = limiter.limit;
    expect(limit).toBeGreaterThan(40); // a healthy window grows it
    for (let i = 0; i < 19; i++) {
      clock.advance(25);
      limiter.onSample(20, "success", 40);
    }
    clock.advance(50); // the window's 500 ms are up with this sample
    limiter.onSample(0, "dropped", 40);
    expect(limiter.limit).toBe(limit);
  });

  it("updates once per window, not per call", () => {
    const { limiter, events, feed, clock } = setup({ initialLimit: 40, minRttProbeIntervalMs: 0 });
    for (let i = 0; i < 200; i++) {
      limiter.onSample(20, "success", 40);
      clock.advance(2);
    }
    expect(limiter.limit).toBe(40); // 200 calls in 400 ms: the window is not over
    expect(events).toHaveLength(0);
    clock.advance(100);
    limiter.onSample(20, "success", 40); // 500 ms after the first: closes the window
    expect(limiter.limit).toBeGreaterThan(40);
    feed({ rttMs: 20, inflight: 40, count: 200 });
    expect(events.map((e) => e.reason)).toEqual(["gradient", "gradient"]);
    expect(events[0]).toMatchObject({ name: "svc", from: 40, rttMs: { short: 20, long: 20 } });
  });

  it("pins and unpins the limit; pinning cancels a probe and is bounded", () => {
    const { limiter, events, feed, clock } = setup({ initialLimit: 30 });
    expect(limiter.probingMinRtt).toBe(true);
    limiter.pin(7);
    const pinnedAt = clock.now();
    expect(limiter.probingMinRtt).toBe(false);
    expect(limiter.limit).toBe(7);
    for (let i = 0; i < 5; i++) feed({ rttMs: 20, inflight: 7 });
    expect(limiter.limit).toBe(7);
    expect(limiter.toJSON()).toEqual({ algorithm: "gradient2", limit: 7, pinned: true, rttMs: { short: 20, long: 20 }, lastChangeAt: pinnedAt });
    limiter.unpin();
    expect(limiter.limit).toBe(30); // app-limited at 7 in flight: the estimate did not move
    expect(events.map((e) => e.reason)).toEqual(["pinned", "unpinned"]);
    expect(() => limiter.pin(0)).toThrow(RangeError);
    expect(() => limiter.pin(201)).toThrow(/\[1, 200\]/);
    expect(() => limiter.pin(2.5)).toThrow(RangeError);
    limiter.pin(1); // below minLimit is allowed: an operator may throttle harder
    expect(limiter.limit).toBe(1);
  });
});
