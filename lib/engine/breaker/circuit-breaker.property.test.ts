import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../fake-clock";
import { createCircuitBreaker } from "./circuit-breaker";
import type { BreakerOptionsInput } from "./options";
import { isAllowedTransition } from "./transitions";
import type { BreakerPermit } from "./types";

type Step =
  | { op: "acquire" }
  | { op: "complete"; i: number; failed: boolean; slow: boolean }
  | { op: "release"; i: number }
  | { op: "advance"; ms: number }
  | { op: "force"; state: "open" | "closed"; ttlMs: number | undefined }
  | { op: "lift" }
  | { op: "reset" }
  | { op: "trip" }
  | { op: "allowHalfOpen" }
  | { op: "tick" };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Step>({ op: "acquire" }) },
  {
    weight: 6,
    arbitrary: fc.record({ op: fc.constant("complete" as const), i: fc.nat(20), failed: fc.boolean(), slow: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("release" as const), i: fc.nat(20) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 3_000 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("force" as const),
      state: fc.constantFrom("open" as const, "closed" as const),
      ttlMs: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.constant<Step>({ op: "lift" }) },
  { weight: 1, arbitrary: fc.constant<Step>({ op: "reset" }) },
  { weight: 1, arbitrary: fc.constant<Step>({ op: "trip" }) },
  { weight: 1, arbitrary: fc.constant<Step>({ op: "allowHalfOpen" }) },
  { weight: 1, arbitrary: fc.constant<Step>({ op: "tick" }) },
);

const optionsArb: fc.Arbitrary<BreakerOptionsInput> = fc.record({
  failureRateThreshold: fc.integer({ min: 1, max: 100 }),
  slowCallRateThreshold: fc.integer({ min: 1, max: 100 }),
  consecutiveFailures: fc.integer({ min: 0, max: 4 }),
  minimumCalls: fc.integer({ min: 1, max: 8 }),
  window: fc.oneof(
    fc.record({ type: fc.constant("count" as const), size: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ type: fc.constant("time" as const), seconds: fc.integer({ min: 1, max: 5 }) }),
  ),
  waitInOpenMs: fc.integer({ min: 0, max: 2_000 }),
  maxWaitInOpenMs: fc.constant(8_000),
  halfOpenMaxCalls: fc.integer({ min: 1, max: 4 }),
  successThreshold: fc.integer({ min: 1, max: 4 }),
});

describe("circuit breaker properties", () => {
  it("keeps its invariants under random interleavings", () => {
    fc.assert(
      fc.property(optionsArb, fc.array(step, { maxLength: 120 }), (options, steps) => {
        const clock = new FakeClock();
        const breaker = createCircuitBreaker(options, { name: "p", clock });
        const permits: BreakerPermit[] = [];
        const callEvents = new Map<BreakerPermit, number>();
        let lastCompleted: BreakerPermit | undefined;
        breaker.on("call", () => {
          if (lastCompleted) callEvents.set(lastCompleted, (callEvents.get(lastCompleted) ?? 0) + 1);
        });
        breaker.on("stateChange", (e) => {
          expect(isAllowedTransition(e.from, e.to)).toBe(true);
        });
        const halfOpenMax = options.halfOpenMaxCalls ?? 3;
        for (const s of steps) {
          switch (s.op) {
            case "acquire": {
              const r = breaker.tryAcquire();
              if (r.ok) permits.push(r);
              else expect(r.retryAfterMs === undefined || r.retryAfterMs >= 0).toBe(true);
              break;
            }
            case "complete": {
              const p = permits[s.i % Math.max(1, permits.length)];
              if (!p) break;
              lastCompleted = p;
              p.record({ failed: s.failed, slow: s.slow });
              lastCompleted = undefined;
              break;
            }
            case "release":
              permits[s.i % Math.max(1, permits.length)]?.release();
              break;
            case "advance":
              clock.advance(s.ms);
              break;
            case "force":
              breaker.force(s.state, { actor: "op", reason: "test", ...(s.ttlMs === undefined ? {} : { ttlMs: s.ttlMs }) });
              break;
            case "lift":
              breaker.lift({ actor: "op" });
              break;
            case "reset":
              breaker.reset({ actor: "op" });
              break;
            case "trip":
              breaker.trip("slo_burn");
              break;
            case "allowHalfOpen":
              breaker.allowHalfOpen();
              break;
            case "tick":
              breaker.tick();
              break;
          }
          // invariants after every step
          expect(breaker.halfOpenTrials).toBeGreaterThanOrEqual(0);
          expect(breaker.halfOpenTrials).toBeLessThanOrEqual(halfOpenMax);
          const m = breaker.metrics();
          for (const v of [m.calls, m.failures, m.slowCalls, m.rejected]) expect(v).toBeGreaterThanOrEqual(0);
          expect(m.failures).toBeLessThanOrEqual(m.calls);
          expect(m.slowCalls).toBeLessThanOrEqual(m.calls);
          if (options.window?.type === "count") expect(m.calls).toBeLessThanOrEqual(options.window.size);
          for (const n of callEvents.values()) expect(n).toBe(1);
          const snap = breaker.toJSON();
          const restored = createCircuitBreaker(options, { name: "p", clock, snapshot: JSON.parse(JSON.stringify(snap)) });
          expect(restored.toJSON()).toEqual(snap);
        }
      }),
      { numRuns: 300 },
    );
  });
});
