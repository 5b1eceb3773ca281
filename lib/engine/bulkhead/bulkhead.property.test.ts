import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeClock, flushMicrotasks } from "../fake-clock";
import { createBulkhead } from "./bulkhead";
import type { BulkheadLease } from "./lease";
import { createPerUserBulkhead } from "./per-user-bulkhead";

type Step =
  | { op: "try" }
  | { op: "acquire"; abortable: boolean }
  | { op: "release"; i: number }
  | { op: "abort"; i: number }
  | { op: "advance"; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ op: "try" }),
  fc.record({ op: fc.constant("acquire" as const), abortable: fc.boolean() }),
  fc.record({ op: fc.constant("release" as const), i: fc.nat(30) }),
  fc.record({ op: fc.constant("abort" as const), i: fc.nat(30) }),
  fc.record({ op: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 400 }) }),
);

describe("bulkhead properties", () => {
  it("never exceeds its limits, grants in FIFO order and keeps counters consistent", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom(0, 300, 1_000),
        fc.array(step, { maxLength: 80 }),
        async (maxConcurrent, maxQueue, queueTimeoutMs, steps) => {
          const clock = new FakeClock();
          const b = createBulkhead({ maxConcurrent, maxQueue, queueTimeoutMs }, { clock });
          const held: BulkheadLease[] = [];
          const controllers: AbortController[] = [];
          const enqueued: number[] = [];
          const granted: number[] = [];
          let seq = 0;
          let settled = 0;
          let requests = 0;
          for (const s of steps) {
            switch (s.op) {
              case "try": {
                requests++;
                settled++;
                const lease = b.tryAcquire();
                if (lease) held.push(lease);
                break;
              }
              case "acquire": {
                requests++;
                const id = seq++;
                const controller = new AbortController();
                if (s.abortable) controllers.push(controller);
                const queuedBefore = b.stats().queued;
                const fast = b.tryAcquire();
                if (fast) {
                  settled++;
                  held.push(fast);
                  break;
                }
                if (queuedBefore < maxQueue) enqueued.push(id);
                void b.acquire({ signal: controller.signal }).then(
                  (lease) => {
                    settled++;
                    granted.push(id);
                    held.push(lease);
                  },
                  () => {
                    settled++;
                  },
                );
                break;
              }
              case "release":
                held.splice(s.i % Math.max(1, held.length), 1)[0]?.release();
                break;
              case "abort":
                controllers[s.i % Math.max(1, controllers.length)]?.abort();
                break;
              case "advance":
                await clock.advanceAsync(s.ms);
                break;
            }
            await flushMicrotasks();
            const st = b.stats();
            expect(st.active).toBeLessThanOrEqual(maxConcurrent);
            expect(st.queued).toBeLessThanOrEqual(maxQueue);
            for (const v of Object.values(st)) expect(v).toBeGreaterThanOrEqual(0);
            expect(st.active).toBe(held.length);
            // grants happen in enqueue order
            const grantedQueued = granted.filter((id) => enqueued.includes(id));
            expect(grantedQueued).toEqual([...grantedQueued].sort((x, y) => x - y));
            // every request is either held, settled or still waiting
            expect(settled + st.queued).toBe(requests);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("per-user: keys ≤ maxKeys, per-key active ≤ maxConcurrent, busy keys are never evicted", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.oneof(fc.record({ acquire: fc.integer({ min: 0, max: 9 }) }), fc.record({ release: fc.nat(20) })), { maxLength: 100 }),
        (maxConcurrent, maxKeys, steps) => {
          const p = createPerUserBulkhead({ maxConcurrent, maxKeys }, { clock: new FakeClock() });
          const held: { key: string; lease: BulkheadLease }[] = [];
          for (const s of steps) {
            if ("acquire" in s) {
              const key = `k${s.acquire}`;
              const lease = p.tryAcquire(key);
              if (lease) held.push({ key, lease });
            } else {
              held.splice(s.release % Math.max(1, held.length), 1)[0]?.lease.release();
            }
            expect(p.size).toBeLessThanOrEqual(maxKeys);
            const perKey = new Map<string, number>();
            for (const h of held) perKey.set(h.key, (perKey.get(h.key) ?? 0) + 1);
            for (const [key, n] of perKey) {
              expect(n).toBeLessThanOrEqual(maxConcurrent);
              expect(p.keyStats(key)?.active).toBe(n); // a busy key is still tracked with its count
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
