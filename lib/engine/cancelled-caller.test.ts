import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./breaker/circuit-breaker";
import { createBulkhead } from "./bulkhead/bulkhead";
import { createPerUserBulkhead } from "./bulkhead/per-user-bulkhead";
import { CancelledError } from "./errors";
import { FakeClock } from "./fake-clock";
import { createPipeline } from "./policy";
import { createRetry } from "./retry/retry";
import { createTimeout } from "./timeout/timeout";

// A caller whose signal is already aborted is refused with CancelledError on every path — free
// slot or not — and its work never runs.
describe("a cancelled caller never runs", () => {
  const aborted = () => AbortSignal.abort();

  it("bulkhead: refused even when a slot is free, and when busy", async () => {
    const clock = new FakeClock();
    const bulkhead = createBulkhead({ maxConcurrent: 1, maxQueue: 1 }, { clock });
    let ran = 0;
    const work = () => ++ran;
    await expect(bulkhead.execute(work, { signal: aborted() })).rejects.toBeInstanceOf(CancelledError);
    await expect(bulkhead.acquire({ signal: aborted() })).rejects.toBeInstanceOf(CancelledError);
    const held = bulkhead.tryAcquire();
    await expect(bulkhead.execute(work, { signal: aborted() })).rejects.toBeInstanceOf(CancelledError);
    held?.release();
    expect(ran).toBe(0);
    expect(bulkhead.stats()).toMatchObject({ active: 0, queued: 0, accepted: 1, cancelled: 3 });
    await expect(bulkhead.execute(work)).resolves.toBe(1); // a live caller still gets the slot
  });

  it("per-user bulkhead: refused even when the key has a free slot", async () => {
    const perUser = createPerUserBulkhead({ maxConcurrent: 1, maxQueue: 1 }, { clock: new FakeClock() });
    let ran = 0;
    await expect(perUser.execute("u", () => ++ran, { signal: aborted() })).rejects.toBeInstanceOf(CancelledError);
    await expect(perUser.acquire("u", { signal: aborted() })).rejects.toBeInstanceOf(CancelledError);
    expect(ran).toBe(0);
    expect(perUser.keyStats("u")?.active ?? 0).toBe(0);
  });

  it("retry, timeout and pipeline: refused before the first attempt", async () => {
    const clock = new FakeClock();
    let ran = 0;
    const work = async () => ++ran;
    await expect(createRetry({}, { clock }).execute(work, { signal: aborted() })).rejects.toBeInstanceOf(CancelledError);
    await expect(createTimeout({ timeoutMs: 100 }, { clock }).execute(work, { signal: aborted() })).rejects.toBeInstanceOf(CancelledError);
    const breaker = new CircuitBreaker({}, { clock });
    const pipeline = createPipeline({ clock, breaker, bulkhead: createBulkhead({}, { clock }), retry: createRetry({}, { clock }) });
    await expect(pipeline.execute(work, { signal: aborted() })).rejects.toBeInstanceOf(CancelledError);
    expect(ran).toBe(0);
    expect(breaker.metrics().calls).toBe(0);
  });
});
