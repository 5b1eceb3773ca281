import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCircuitBreaker } from "./breaker/circuit-breaker";
import { createBulkhead } from "./bulkhead/bulkhead";
import { createPerUserBulkhead } from "./bulkhead/per-user-bulkhead";
import { FakeClock, flushMicrotasks } from "./fake-clock";
import { createPipeline } from "./policy";
import { createRetry } from "./retry/retry";

type Behaviour = "ok" | "fail" | "throw" | "slow" | "hang";

interface Call {
  behaviours: Behaviour[];
  user: number;
  abortAfter: number | undefined;
}

const callArb: fc.Arbitrary<Call> = fc.record({
  behaviours: fc.array(fc.constantFrom<Behaviour>("ok", "fail", "throw", "slow", "hang"), { minLength: 1, maxLength: 4 }),
  user: fc.integer({ min: 0, max: 3 }),
  abortAfter: fc.option(fc.integer({ min: 0, max: 3_000 }), { nil: undefined }),
});

describe("pipeline properties", () => {
  it("never exceeds limits, never runs an attempt without a permit, and releases everything", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(callArb, fc.integer({ min: 0, max: 400 })), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 3 }),
        async (calls, maxConcurrent) => {
          const clock = new FakeClock();
          const breaker = createCircuitBreaker(
            { consecutiveFailures: 3, waitInOpenMs: 500, halfOpenMaxCalls: 2, successThreshold: 2, slowCallDurationMs: 300 },
            { clock },
          );
          const bulkhead = createBulkhead({ maxConcurrent, maxQueue: 2, queueTimeoutMs: 200 }, { clock });
          const perUser = createPerUserBulkhead({ maxConcurrent: 1, maxQueue: 1, queueTimeoutMs: 100, maxKeys: 3 }, { clock });
          const retry = createRetry({ maxAttempts: 3, jitter: "full", initialDelayMs: 50, maxDelayMs: 400 }, { clock, random: () => 0.5 });
          const pipeline = createPipeline({ clock, breaker, bulkhead, perUser, retry, timeoutMs: 1_000 });
          let running = 0;
          let peak = 0;
          const settled: Promise<unknown>[] = [];
          for (const [call, gap] of calls) {
            const controller = new AbortController();
            if (call.abortAfter !== undefined) clock.setTimeout(() => controller.abort(), call.abortAfter);
            settled.push(
              pipeline.run(
                (signal, attempt) => {
                  running++;
                  peak = Math.max(peak, running); // asserted outside: an expect in here would count as an attempt error
                  const b = call.behaviours[(attempt - 1) % call.behaviours.length] as Behaviour;
                  return new Promise<number>((resolve, reject) => {
                    const done = (): void => {
                      running--;
                    };
                    signal.addEventListener("abort", () => {
                      done();
                      reject(signal.reason);
                    }, { once: true });
                    if (b === "hang") return;
                    clock.setTimeout(() => {
                      if (signal.aborted) return;
                      done();
                      if (b === "throw") reject(new Error("boom"));
                      else resolve(b === "fail" ? 503 : 200);
                    }, b === "slow" ? 400 : 10);
                  });
                },
                {
                  userKey: `u${call.user}`,
                  signal: controller.signal,
                  classify: (o) => (o.ok && o.value === 200 ? "success" : "failure"),
                },
              ),
            );
            await clock.advanceAsync(gap);
            expect(peak).toBeLessThanOrEqual(maxConcurrent);
            expect(bulkhead.stats().active).toBeLessThanOrEqual(maxConcurrent);
            expect(breaker.halfOpenTrials).toBeLessThanOrEqual(2);
            expect(perUser.size).toBeLessThanOrEqual(3);
          }
          for (let i = 0; i < 50 && clock.pendingTimers() > 0; i++) await clock.advanceAsync(1_000);
          await Promise.all(settled);
          await flushMicrotasks();
          expect(running).toBe(0);
          expect(bulkhead.stats()).toMatchObject({ active: 0, queued: 0 });
          expect(perUser.stats()).toMatchObject({ active: 0, queued: 0 });
          expect(breaker.halfOpenTrials).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
