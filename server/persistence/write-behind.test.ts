// The write-behind queue on a fake clock over a real SQLite database: batches wait for the
// interval, transitions go out soon, and after a failed flush the retry backs off (doubling) and
// nothing that matters is lost.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeServerClock } from "../clock";
import { breakTable, sqlitePersistence } from "./sqlite.test-support";
import { backoffMs, createWriteBehind, MAX_BACKOFF_MS, SOON_MS } from "./write-behind";

// the writer thread starts with the first batch: on a busy machine that can take a second or more
const WRITTEN = { timeout: 10_000, interval: 20 };
const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 12, 0, s));
const sample = (name: string, s: number) => ({ name, at: at(s), state: "closed" as const, successful: s, failed: 0, slow: 0, rejected: 0 });

describe("write-behind on a fake clock", () => {
  let p: Awaited<ReturnType<typeof sqlitePersistence>>;
  const clock = fakeServerClock(at(0).getTime());
  beforeEach(async () => {
    p = await sqlitePersistence();
  });
  afterEach(async () => {
    await p.dispose();
  });

  it("writes samples as one batch on the interval, not before", async () => {
    const wb = createWriteBehind(p.historyWriter, { clock, flushIntervalMs: 1000 });
    wb.breakerSample(sample("batch", 1));
    wb.breakerSample(sample("batch", 2));
    clock.advance(999);
    expect(wb.stats().pendingSamples).toBe(2);
    clock.advance(1);
    await vi.waitFor(() => expect(wb.stats().flushedRows).toBe(2), WRITTEN);
    expect((await p.breakerHistory.breakerSamples("batch", at(0))).map((r) => r.successful)).toEqual([1, 2]);
    await wb.close();
  });

  it("writes a transition soon after it is queued, without waiting for the interval", async () => {
    const wb = createWriteBehind(p.historyWriter, { clock, flushIntervalMs: 60_000 });
    wb.transition({ name: "soon", from: "closed", to: "open", reason: "failure_rate", at: at(3) });
    clock.advance(SOON_MS - 1);
    expect(wb.stats().pendingTransitions).toBe(1);
    clock.advance(1);
    await vi.waitFor(async () => expect(await p.breakerHistory.transitions("soon", { limit: 5 })).toHaveLength(1), WRITTEN);
    await wb.close();
  });

  it("backs off after failed flushes, doubling, and loses no transition or snapshot", async () => {
    const errors: number[] = [];
    const wb = createWriteBehind(p.historyWriter, { clock, flushIntervalMs: 1000, onError: (_e, pending) => errors.push(pending) });
    const restore = breakTable(p.file, "BreakerTransition");
    let restored = false;
    try {
      wb.transition({ name: "outage", from: "closed", to: "open", reason: "failure_rate", at: at(5) });
      wb.urgentSnapshot({ name: "outage", state: "open", snapshot: "{}", updatedAt: at(5) });
      clock.advance(SOON_MS); // first attempt fails: back off 2 s from here
      await vi.waitFor(() => expect(errors).toEqual([2]), WRITTEN);
      expect(wb.stats()).toMatchObject({ pendingTransitions: 1, pendingSnapshots: 1, failedFlushes: 1 });

      clock.advance(1000 - SOON_MS); // t=1000: interval tick inside the back-off, no attempt
      clock.advance(1000); // t=2000: still inside (until 2020)
      await Promise.resolve();
      expect(wb.stats().failedFlushes).toBe(1);
      clock.advance(1000); // t=3000: second attempt fails: back off 4 s (until 7000)
      await vi.waitFor(() => expect(errors).toEqual([2, 2]), WRITTEN);
      for (let t = 4000; t <= 6000; t += 1000) clock.advance(1000);
      await Promise.resolve();
      expect(wb.stats().failedFlushes).toBe(2);

      restore();
      restored = true;
      clock.advance(1000); // t=7000: the back-off is over, the write goes through
      await vi.waitFor(() => expect(wb.stats()).toMatchObject({ pendingTransitions: 0, pendingSnapshots: 0, flushedRows: 2 }), WRITTEN);
      expect(await p.breakerHistory.transitions("outage", { limit: 5 })).toMatchObject([{ from: "closed", to: "open" }]);
      expect(await p.breakerHistory.snapshots()).toMatchObject([{ name: "outage", state: "open" }]);
    } finally {
      if (!restored) restore();
      await wb.close();
    }
  });

  it("caps the back-off", () => {
    expect(backoffMs(1000, 1)).toBe(2000);
    expect(backoffMs(1000, 2)).toBe(4000);
    expect(backoffMs(1000, 50)).toBe(MAX_BACKOFF_MS);
  });
});
