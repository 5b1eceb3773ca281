import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../fake-clock";
import { createAdaptiveLimiter } from "./create";
import type { AdaptiveLimitOptionsInput } from "./options";
import type { SampleOutcome } from "./types";

const bounds = fc
  .tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 300 }), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([minLimit, span, at]) => ({ minLimit, maxLimit: minLimit + span, initialLimit: minLimit + Math.floor(span * at) }));

const common = fc.record({
  sampleWindowMs: fc.integer({ min: 10, max: 2_000 }),
  minSamples: fc.integer({ min: 1, max: 30 }),
});

const options: fc.Arbitrary<AdaptiveLimitOptionsInput> = fc.oneof(
  fc
    .tuple(
      bounds,
      common,
      fc.record({
        tolerance: fc.double({ min: 1, max: 10, noNaN: true }),
        smoothing: fc.double({ min: 0.01, max: 1, noNaN: true }),
        longWindow: fc.integer({ min: 2, max: 1_000 }),
        minRttProbeIntervalMs: fc.constantFrom(0, 1_000, 60_000),
      }),
    )
    .map(([b, c, g]) => ({ algorithm: "gradient2" as const, ...b, ...c, ...g })),
  fc
    .tuple(
      bounds,
      common,
      fc.record({
        latencyThresholdMs: fc.integer({ min: 1, max: 5_000 }),
        backoffRatio: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
        increaseBy: fc.integer({ min: 1, max: 50 }),
        failureRateThreshold: fc.double({ min: 1, max: 100, noNaN: true }),
      }),
    )
    .map(([b, c, a]) => ({ algorithm: "aimd" as const, ...b, ...c, ...a })),
);

type Op =
  | { op: "sample"; rtt: number; outcome: SampleOutcome; inflight: number; burst: number }
  | { op: "advance"; ms: number }
  | { op: "pin"; at: number }
  | { op: "unpin" };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant("sample" as const),
      // includes 0, huge, negative and non-finite RTTs: the limiter must shrug them off
      rtt: fc.oneof(fc.double({ min: 0, max: 10_000, noNaN: true }), fc.constantFrom(-5, Number.NaN, Number.POSITIVE_INFINITY, 1e12)),
      outcome: fc.constantFrom<SampleOutcome>("success", "success", "failure", "timeout", "dropped"),
      inflight: fc.integer({ min: -1, max: 2_000 }),
      burst: fc.integer({ min: 1, max: 40 }),
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ op: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 5_000 }) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant("pin" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }), weight: 1 },
  { arbitrary: fc.constant<Op>({ op: "unpin" }), weight: 1 },
);

describe("adaptive limiter properties", () => {
  let changes = 0;
  it("the limit is always an integer within [minLimit, maxLimit] (or the pin within [1, maxLimit]), never 0", () => {
    fc.assert(
      fc.property(options, fc.array(op, { maxLength: 120 }), (opts, ops) => {
        const clock = new FakeClock();
        const limiter = createAdaptiveLimiter(opts, { clock });
        const { minLimit, maxLimit } = opts as { minLimit: number; maxLimit: number };
        let pinned: number | undefined;
        limiter.on("limitChange", (e) => {
          changes++;
          expect(Number.isInteger(e.to)).toBe(true);
          expect(e.to).not.toBe(e.from);
          expect(e.to).toBe(limiter.limit);
          expect(Number.isFinite(e.rttMs.short) && Number.isFinite(e.rttMs.long)).toBe(true);
        });
        for (const o of ops) {
          switch (o.op) {
            case "sample":
              for (let i = 0; i < o.burst; i++) {
                clock.advance(3);
                limiter.onSample(o.rtt, o.outcome, o.inflight);
              }
              break;
            case "advance":
              clock.advance(o.ms);
              break;
            case "pin":
              pinned = 1 + Math.floor(o.at * (maxLimit - 1));
              limiter.pin(pinned);
              break;
            case "unpin":
              pinned = undefined;
              limiter.unpin();
              break;
          }
          const limit = limiter.limit;
          expect(Number.isInteger(limit)).toBe(true);
          expect(limit).toBeGreaterThanOrEqual(1);
          if (pinned !== undefined) expect(limit).toBe(pinned);
          else {
            expect(limit).toBeGreaterThanOrEqual(minLimit);
            expect(limit).toBeLessThanOrEqual(maxLimit);
          }
          expect(limiter.snapshot().limit).toBe(limit);
        }
      }),
      { numRuns: 300 },
    );
    expect(changes).toBeGreaterThan(100); // the runs did move the limit
  });
});
