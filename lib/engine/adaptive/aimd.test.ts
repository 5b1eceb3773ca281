import { describe, expect, it } from "vitest";
import { AimdLimiter } from "./aimd";
import { DEFAULT_AIMD_OPTIONS, aimdOptionsSchema, type AimdOptionsInput } from "./options";
import { simulate, watched, within } from "./simulation";

// 20 ms calls: a 30 ms threshold allows 50 % queueing, so the limit settles near 1.5 × capacity
const base = { algorithm: "aimd", minLimit: 2, maxLimit: 200, latencyThresholdMs: 30 } as const;

const setup = (options: Partial<AimdOptionsInput> = {}) => watched((clock) => new AimdLimiter({ ...base, ...options }, { name: "svc", clock }));

describe("aimd limiter", () => {
  it("has the documented defaults and names a bad field", () => {
    expect(DEFAULT_AIMD_OPTIONS).toEqual({
      algorithm: "aimd",
      minLimit: 4,
      maxLimit: 1000,
      initialLimit: 20,
      sampleWindowMs: 500,
      minSamples: 10,
      latencyThresholdMs: 1000,
      backoffRatio: 0.9,
      increaseBy: 1,
      failureRateThreshold: 10,
    });
    expect(aimdOptionsSchema.safeParse({ algorithm: "aimd", backoffRatio: 1 }).error?.issues[0]?.path).toEqual(["backoffRatio"]);
    expect(aimdOptionsSchema.safeParse({ algorithm: "aimd", minLimit: 50, maxLimit: 40 }).error?.issues[0]?.path).toEqual(["maxLimit"]);
  });

  it("converges towards the upstream's capacity from below", async () => {
    const sim = simulate((clock) => new AimdLimiter({ ...base, initialLimit: 2 }, { clock }), { capacity: 20 });
    await sim.windows(40);
    expect(within(await sim.windows(20), 20, 32)).toBe(true);
  });

  it("converges towards the upstream's capacity from above", async () => {
    const sim = simulate((clock) => new AimdLimiter({ ...base, initialLimit: 150 }, { clock }), { capacity: 20 });
    await sim.windows(30);
    expect(within(await sim.windows(20), 20, 32)).toBe(true);
  });

  it("falls within a few windows when the capacity halves", async () => {
    const sim = simulate((clock) => new AimdLimiter({ ...base, initialLimit: 20 }, { clock }), { capacity: 20 });
    await sim.windows(30);
    sim.upstream.setCapacity(10);
    const after = await sim.windows(5);
    expect(Math.min(...after)).toBeLessThanOrEqual(20);
    expect(within(await sim.windows(20), 10, 17)).toBe(true);
  });

  it("ignores a single outlier sample", () => {
    const { limiter, events, feed } = setup({ initialLimit: 40 });
    feed({ rttMs: 20, inflight: 40 });
    expect(limiter.limit).toBe(41);
    feed({ rttMs: 20, inflight: 40, vary: (i) => (i === 7 ? { rttMs: 5_000 } : undefined) });
    expect(limiter.limit).toBe(42);
    feed({ rttMs: 20, inflight: 40, vary: (i) => (i === 3 || i === 7 ? { rttMs: 5_000 } : undefined) });
    expect(limiter.limit).toBe(37); // two slow calls in a window are a signal
    expect(events.map((e) => e.reason)).toEqual(["increase", "increase", "backoff_latency"]);
  });

  it("backs off multiplicatively on a slow window, a timeout or a drop", () => {
    const { limiter, events, feed } = setup({ initialLimit: 100 });
    feed({ rttMs: 50, inflight: 100 });
    expect(limiter.limit).toBe(90);
    feed({ rttMs: 20, inflight: 90, vary: (i) => (i === 5 ? { rttMs: 20_000, outcome: "timeout" } : undefined) });
    expect(limiter.limit).toBe(81);
    feed({ rttMs: 20, inflight: 81, vary: (i) => (i === 5 ? { rttMs: 0, outcome: "dropped" } : undefined) });
    expect(limiter.limit).toBe(72);
    expect(events.map((e) => e.reason)).toEqual(["backoff_latency", "backoff_error", "backoff_error"]);
    expect(events[0]).toMatchObject({ from: 100, to: 90, rttMs: { short: 50 } });
  });

  it("backs off on failures only from failureRateThreshold percent of the window", () => {
    const { limiter, feed } = setup({ initialLimit: 50, failureRateThreshold: 20 });
    const failing = (n: number) => (i: number) => (i < n ? { outcome: "failure" as const } : undefined);
    feed({ rttMs: 20, inflight: 50, vary: failing(3) }); // 15 %
    expect(limiter.limit).toBe(51);
    feed({ rttMs: 20, inflight: 50, vary: failing(4) }); // 20 %
    expect(limiter.limit).toBe(45);
  });

  it("grows only while the limit is in use", () => {
    const { limiter, feed } = setup({ initialLimit: 40 });
    feed({ rttMs: 20, inflight: 19 });
    expect(limiter.limit).toBe(40);
    feed({ rttMs: 20, inflight: 20 });
    expect(limiter.limit).toBe(41);
  });

  it("discards a window with fewer than minSamples samples", () => {
    const { limiter, feed } = setup({ initialLimit: 40, minSamples: 30 });
    feed({ rttMs: 500, inflight: 40, count: 29 });
    expect(limiter.limit).toBe(40);
    feed({ rttMs: 500, inflight: 40, count: 30 });
    expect(limiter.limit).toBe(36);
  });

  it("never goes below minLimit or above maxLimit, and a pin wins until unpinned", () => {
    const { limiter, feed } = setup({ initialLimit: 5, minLimit: 4, maxLimit: 6 });
    for (let i = 0; i < 5; i++) feed({ rttMs: 500, inflight: 5 });
    expect(limiter.limit).toBe(4);
    for (let i = 0; i < 5; i++) feed({ rttMs: 20, inflight: 6 });
    expect(limiter.limit).toBe(6);
    limiter.pin(2);
    for (let i = 0; i < 5; i++) feed({ rttMs: 20, inflight: 2 });
    expect(limiter.limit).toBe(2);
    limiter.unpin();
    expect(limiter.limit).toBe(6);
    expect(limiter.toJSON()).toMatchObject({ algorithm: "aimd", limit: 6, pinned: false, rttMs: { short: 20 } });
  });
});
