import { describe, expect, it } from "vitest";
import { HISTOGRAM_SIZE, LATENCY_BUCKETS, bucketIndex, bucketUpperMs, quantileMs } from "./histogram";

describe("latency histogram", () => {
  it("puts a duration in the bucket whose upper bound is the first ≥ it", () => {
    for (const ms of [0.05, 0.1, 0.11, 1, 7.3, 42, 999, 30_000]) {
      const i = bucketIndex(ms);
      expect(bucketUpperMs(i)).toBeGreaterThanOrEqual(ms);
      if (i > 0) expect(bucketUpperMs(i - 1)).toBeLessThan(ms);
    }
    expect(bucketIndex(10 * 60_000)).toBe(LATENCY_BUCKETS);
  });

  it("reads quantiles within one bucket's width (about 19 %)", () => {
    const hist = new Uint32Array(HISTOGRAM_SIZE);
    // 1..1000 ms, one each: p50 ≈ 500, p95 ≈ 950, p99 ≈ 990
    for (let ms = 1; ms <= 1000; ms++) hist[bucketIndex(ms)]! += 1;
    for (const [q, want] of [[0.5, 500], [0.95, 950], [0.99, 990]] as const) {
      const got = quantileMs(hist, q)!;
      expect(Math.abs(got - want) / want).toBeLessThan(0.19);
    }
  });

  it("has no quantile without observations, and reads at an offset", () => {
    const two = new Uint32Array(HISTOGRAM_SIZE * 2);
    expect(quantileMs(two, 0.5)).toBeNull();
    two[HISTOGRAM_SIZE + bucketIndex(200)] = 3;
    expect(quantileMs(two, 0.5)).toBeNull();
    const p = quantileMs(two, 0.5, HISTOGRAM_SIZE)!;
    expect(p).toBeGreaterThan(bucketUpperMs(bucketIndex(200) - 1));
    expect(p).toBeLessThanOrEqual(bucketUpperMs(bucketIndex(200)));
  });
});
