import { describe, expect, it } from "vitest";
import { FakeClock } from "../fake-clock";
import { BulkheadTimeoutError, UserBulkheadFullError } from "../errors";
import type { BulkheadLease } from "./lease";
import { DEFAULT_PER_USER_BULKHEAD_OPTIONS } from "./options";
import { createPerUserBulkhead } from "./per-user-bulkhead";

function setup(options = {}) {
  const clock = new FakeClock();
  return { clock, perUser: createPerUserBulkhead(options, { name: "svc", clock }) };
}

describe("per-user bulkhead", () => {
  it("has the documented defaults", () => {
    expect(DEFAULT_PER_USER_BULKHEAD_OPTIONS).toEqual({ maxConcurrent: 10, maxQueue: 0, queueTimeoutMs: 0, maxKeys: 10000 });
  });

  it("limits each key separately with the shared limits", async () => {
    const { perUser } = setup({ maxConcurrent: 2 });
    expect(perUser.tryAcquire("a")).toBeDefined();
    expect(perUser.tryAcquire("a")).toBeDefined();
    expect(perUser.tryAcquire("a")).toBeUndefined();
    expect(perUser.tryAcquire("b")).toBeDefined();
    const error = await perUser.acquire("a").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserBulkheadFullError);
    expect(error).toMatchObject({ code: "user_bulkhead_full", key: "a", reason: "user_limit" });
    expect(perUser.keyStats("a")).toEqual({ key: "a", active: 2, queued: 0, rejected: 1 });
  });

  it("can queue per key with a timeout", async () => {
    const { perUser, clock } = setup({ maxConcurrent: 1, maxQueue: 1, queueTimeoutMs: 100 });
    const held = perUser.tryAcquire("a");
    const queued = perUser.acquire("a");
    held?.release();
    await expect(queued).resolves.toHaveProperty("release");
    const late = perUser.acquire("a").catch((e: unknown) => e);
    await clock.advanceAsync(100);
    expect(await late).toBeInstanceOf(BulkheadTimeoutError);
  });

  it("evicts idle keys least-recently-used first and never a busy key", () => {
    const { perUser } = setup({ maxKeys: 3 });
    perUser.tryAcquire("a")?.release();
    perUser.tryAcquire("b")?.release();
    const busy = perUser.tryAcquire("c");
    perUser.tryAcquire("a")?.release(); // a is now more recent than b
    perUser.tryAcquire("d")?.release(); // evicts b
    expect(perUser.keyStats("b")).toBeUndefined();
    expect(perUser.keyStats("a")).toBeDefined();
    expect(perUser.size).toBe(3);
    perUser.tryAcquire("e")?.release(); // evicts a (c is busy)
    expect(perUser.keyStats("a")).toBeUndefined();
    expect(perUser.keyStats("c")).toMatchObject({ active: 1 });
    busy?.release();
    expect(perUser.stats().evicted).toBe(2);
  });

  it("refuses a new key with user_bulkhead_full when every tracked key is busy", async () => {
    const { perUser } = setup({ maxKeys: 2 });
    perUser.tryAcquire("a");
    perUser.tryAcquire("b");
    expect(perUser.tryAcquire("c")).toBeUndefined();
    await expect(perUser.acquire("c")).rejects.toMatchObject({ code: "user_bulkhead_full", reason: "max_keys" });
    expect(perUser.size).toBe(2);
  });

  it("reports the busiest keys", () => {
    const { perUser } = setup({ maxConcurrent: 3 });
    const leases: (BulkheadLease | undefined)[] = [];
    for (const [key, n] of [["x", 1], ["y", 3], ["z", 2]] as const) for (let i = 0; i < n; i++) leases.push(perUser.tryAcquire(key));
    const stats = perUser.stats(2);
    expect(stats).toMatchObject({ keys: 3, active: 6, queued: 0 });
    expect(stats.top.map((t) => t.key)).toEqual(["y", "z"]);
  });

  it("updateOptions() lowers maxKeys by evicting idle keys now", () => {
    const { perUser } = setup({ maxKeys: 10 });
    for (const k of ["a", "b", "c", "d"]) perUser.tryAcquire(k)?.release();
    perUser.updateOptions({ maxKeys: 2 });
    expect(perUser.size).toBe(2);
    expect(perUser.keyStats("d")).toBeDefined();
  });

  it("regression: a per-user map grew without bound and let a removed user exceed its limit", () => {
    const { perUser } = setup({ maxConcurrent: 1, maxKeys: 100 });
    const held = perUser.tryAcquire("heavy");
    expect(held).toBeDefined();
    for (let i = 0; i < 10_000; i++) perUser.tryAcquire(`user-${i}`)?.release();
    expect(perUser.size).toBeLessThanOrEqual(100);
    expect(perUser.tryAcquire("heavy")).toBeUndefined(); // still limited: its entry was never evicted
    expect(perUser.keyStats("heavy")).toMatchObject({ active: 1 });
  });
});
