import { describe, expect, it } from "vitest";
import { FakeClock, flushMicrotasks } from "../fake-clock";
import { BulkheadFullError, BulkheadTimeoutError, CancelledError, isBreakwaterError } from "../errors";
import { AimdLimiter } from "../adaptive/aimd";
import { createBulkhead } from "./bulkhead";
import type { BulkheadLease } from "./lease";
import { DEFAULT_BULKHEAD_OPTIONS } from "./options";

function setup(options = {}) {
  const clock = new FakeClock();
  return { clock, bulkhead: createBulkhead(options, { name: "svc", clock }) };
}

describe("bulkhead", () => {
  it("has the documented defaults", () => {
    expect(DEFAULT_BULKHEAD_OPTIONS).toEqual({ maxConcurrent: 100, maxQueue: 50, queueTimeoutMs: 1000 });
  });

  it("tryAcquire() is synchronous and refuses beyond maxConcurrent", () => {
    const { bulkhead } = setup({ maxConcurrent: 2 });
    const a = bulkhead.tryAcquire();
    const b = bulkhead.tryAcquire();
    expect(a && b).toBeTruthy();
    expect(bulkhead.tryAcquire()).toBeUndefined();
    a?.release();
    a?.release(); // second release is a no-op
    expect(bulkhead.stats()).toMatchObject({ active: 1, peakActive: 2, accepted: 2 });
  });

  it("queues FIFO and hands a released slot to the oldest waiter", async () => {
    const { bulkhead } = setup({ maxConcurrent: 1, maxQueue: 3, queueTimeoutMs: 0 });
    const first = bulkhead.tryAcquire();
    const order: number[] = [];
    const waits = [1, 2, 3].map((n) => bulkhead.acquire().then((l) => (order.push(n), l)));
    expect(bulkhead.stats()).toMatchObject({ active: 1, queued: 3 });
    expect(bulkhead.tryAcquire()).toBeUndefined(); // no barging past waiters
    first?.release();
    const l1 = await waits[0];
    l1?.release();
    const l2 = await waits[1];
    l2?.release();
    const l3 = await waits[2];
    expect(order).toEqual([1, 2, 3]);
    expect(bulkhead.stats()).toMatchObject({ active: 1, queued: 0, accepted: 4 });
    l3?.release();
    expect(bulkhead.stats().active).toBe(0);
  });

  it("rejects with bulkhead_full when the queue is full", async () => {
    const { bulkhead } = setup({ maxConcurrent: 1, maxQueue: 1 });
    bulkhead.tryAcquire();
    void bulkhead.acquire().catch(() => {});
    const error = await bulkhead.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkheadFullError);
    expect(isBreakwaterError(error, "bulkhead_full")).toBe(true);
    expect(bulkhead.stats().rejected).toBe(1);
  });

  it("rejects with bulkhead_timeout after queueTimeoutMs and frees the place", async () => {
    const { bulkhead, clock } = setup({ maxConcurrent: 1, maxQueue: 1, queueTimeoutMs: 1_000 });
    bulkhead.tryAcquire();
    const wait = bulkhead.acquire().catch((e: unknown) => e);
    await clock.advanceAsync(999);
    expect(bulkhead.stats().queued).toBe(1);
    await clock.advanceAsync(1);
    const error = await wait;
    expect(error).toBeInstanceOf(BulkheadTimeoutError);
    expect((error as BulkheadTimeoutError).waitedMs).toBe(1_000);
    expect(bulkhead.stats()).toMatchObject({ queued: 0, timedOut: 1 });
    expect(clock.pendingTimers()).toBe(0);
  });

  it("rejects at once when maxQueue is 0", async () => {
    const { bulkhead } = setup({ maxConcurrent: 1, maxQueue: 0 });
    bulkhead.tryAcquire();
    await expect(bulkhead.acquire()).rejects.toBeInstanceOf(BulkheadFullError);
  });

  it("execute() releases the slot whether fn succeeds or throws", async () => {
    const { bulkhead } = setup({ maxConcurrent: 1 });
    await expect(bulkhead.execute(() => 7)).resolves.toBe(7);
    await expect(bulkhead.execute(() => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(bulkhead.stats().active).toBe(0);
  });

  it("updateOptions() raising maxConcurrent admits waiters, lowering maxQueue rejects the newest", async () => {
    const { bulkhead } = setup({ maxConcurrent: 1, maxQueue: 3, queueTimeoutMs: 0 });
    bulkhead.tryAcquire();
    const w = [0, 1, 2].map(() => bulkhead.acquire().then((l): BulkheadLease | Error => l, (e: Error) => e));
    bulkhead.updateOptions({ maxQueue: 1 });
    expect(await w[2]).toBeInstanceOf(BulkheadFullError);
    expect(await w[1]).toBeInstanceOf(BulkheadFullError);
    bulkhead.updateOptions({ maxConcurrent: 2 });
    expect(await w[0]).toHaveProperty("release");
    expect(bulkhead.stats()).toMatchObject({ active: 2, queued: 0, maxConcurrent: 2, maxQueue: 1 });
  });

  it("emits reject events", async () => {
    const { bulkhead } = setup({ maxConcurrent: 1, maxQueue: 0 });
    const codes: string[] = [];
    bulkhead.on("reject", (e) => codes.push(e.code));
    bulkhead.tryAcquire();
    await bulkhead.acquire().catch(() => {});
    expect(codes).toEqual(["bulkhead_full"]);
  });
});

describe("bulkhead regressions", () => {
  it("regression: a bulkhead let one call too many in (check-then-increment)", async () => {
    const { bulkhead } = setup({ maxConcurrent: 5, maxQueue: 0 });
    const attempts = Array.from({ length: 50 }, () => bulkhead.acquire().then(() => "in", () => "out"));
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r === "in")).toHaveLength(5);
    expect(bulkhead.stats()).toMatchObject({ active: 5, peakActive: 5, rejected: 45 });
  });

  it("regression: a queued waiter stayed counted after it was cancelled", async () => {
    const { bulkhead, clock } = setup({ maxConcurrent: 1, maxQueue: 1, queueTimeoutMs: 5_000 });
    const holder = bulkhead.tryAcquire();
    const controller = new AbortController();
    const cancelled = bulkhead.acquire({ signal: controller.signal }).catch((e: unknown) => e);
    expect(bulkhead.stats().queued).toBe(1);
    controller.abort();
    expect(await cancelled).toBeInstanceOf(CancelledError);
    expect(bulkhead.stats()).toMatchObject({ queued: 0, cancelled: 1 });
    expect(clock.pendingTimers()).toBe(0); // its timeout was cleared too
    const next = bulkhead.acquire(); // its place is free again
    expect(bulkhead.stats().queued).toBe(1);
    holder?.release();
    await expect(next).resolves.toHaveProperty("release");
    expect(bulkhead.stats()).toMatchObject({ active: 1, queued: 0 });
  });

  it("an already aborted signal never queues", async () => {
    const { bulkhead } = setup({ maxConcurrent: 1, maxQueue: 1 });
    bulkhead.tryAcquire();
    await expect(bulkhead.acquire({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancelledError);
    await flushMicrotasks();
    expect(bulkhead.stats().queued).toBe(0);
  });
});

describe("bulkhead following a limit source", () => {
  function adaptive(initialLimit = 3) {
    const clock = new FakeClock();
    const limiter = new AimdLimiter({ algorithm: "aimd", minLimit: 1, maxLimit: 10, initialLimit }, { clock });
    const bulkhead = createBulkhead({ maxConcurrent: 100, maxQueue: 10, queueTimeoutMs: 0 }, { name: "svc", clock, limit: limiter });
    return { clock, limiter, bulkhead };
  }

  it("uses the source's limit in place of maxConcurrent", () => {
    const { bulkhead } = adaptive(3);
    const leases = [1, 2, 3].map(() => bulkhead.tryAcquire());
    expect(leases.every(Boolean)).toBe(true);
    expect(bulkhead.tryAcquire()).toBeUndefined();
    expect(bulkhead.stats()).toMatchObject({ maxConcurrent: 3, active: 3 });
  });

  it("admits queued callers at once when the limit rises", async () => {
    const { bulkhead, limiter } = adaptive(1);
    bulkhead.tryAcquire();
    const waiting = [bulkhead.acquire(), bulkhead.acquire()];
    expect(bulkhead.stats().queued).toBe(2);
    limiter.pin(3);
    await expect(Promise.all(waiting)).resolves.toHaveLength(2);
    expect(bulkhead.stats()).toMatchObject({ active: 3, queued: 0, maxConcurrent: 3 });
  });

  it("admits nobody after the limit drops below active until active falls below it", async () => {
    const { bulkhead, limiter } = adaptive(4);
    const held = [1, 2, 3, 4].map(() => bulkhead.tryAcquire() as BulkheadLease);
    limiter.pin(2);
    let granted = false;
    const waiting = bulkhead.acquire().then((l) => ((granted = true), l));
    held[0]?.release();
    held[1]?.release();
    await flushMicrotasks();
    expect(granted).toBe(false); // active 2, limit 2
    expect(bulkhead.stats()).toMatchObject({ active: 2, queued: 1 });
    held[2]?.release();
    await waiting;
    expect(bulkhead.stats()).toMatchObject({ active: 2, queued: 0 });
  });

  it("keeps following the source through updateOptions, and can stop following it", () => {
    const { bulkhead, limiter } = adaptive(2);
    bulkhead.updateOptions({ maxConcurrent: 50, maxQueue: 5 });
    expect(bulkhead.stats()).toMatchObject({ maxConcurrent: 2, maxQueue: 5 });
    bulkhead.setLimitSource(undefined);
    expect(bulkhead.stats().maxConcurrent).toBe(50);
    limiter.pin(7); // no longer followed
    expect(bulkhead.stats().maxConcurrent).toBe(50);
  });
});
