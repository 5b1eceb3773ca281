import { describe, expect, it } from "vitest";
import { FakeClock } from "@/lib/engine/fake-clock";
import { createTrafficStats } from "./traffic-stats";

const start = 1_700_000_000_000; // a 10-s boundary

describe("traffic stats", () => {
  it("counts every answer by outcome, with rates and latency over the last minute", () => {
    const clock = new FakeClock(start);
    const t = createTrafficStats(clock);
    for (let i = 0; i < 90; i++) t.record("orders", true, "success", 0.02);
    for (let i = 0; i < 5; i++) t.record("orders", true, "upstream_error", 0.3);
    for (let i = 0; i < 3; i++) t.record("orders", true, "bulkhead_full", 0);
    for (let i = 0; i < 2; i++) t.record("orders", true, "user_limit", 0);
    t.record("orders", true, "client_closed", 1);
    t.record("nope", false, "bad_request", 0);
    clock.advance(5_000);
    const snap = t.snapshot(["idle-one"]);
    const orders = snap.services.find((s) => s.service === "orders")!;
    expect(orders.totals).toMatchObject({ success: 90, upstream_error: 5, bulkhead_full: 3, user_limit: 2, client_closed: 1, circuit_open: 0 });
    expect(orders.window.requests).toBe(100); // client_closed is no answer
    expect(orders.window.seconds).toBe(55);
    expect(orders.window.requestsPerSecond).toBeCloseTo(100 / 55, 2);
    expect(orders.window.errorPercent).toBe(5);
    expect(orders.window.rejectionPercent).toBe(5);
    // the upstream's latency: 90 × 20 ms and 5 × 300 ms (refusals and client aborts are not timed)
    expect(orders.window.latencyMs.p50).toBeGreaterThan(17);
    expect(orders.window.latencyMs.p50).toBeLessThan(24);
    expect(orders.window.latencyMs.p99).toBeGreaterThan(250);
    expect(orders.health).toBe("degraded");
    expect(orders.slots.at(-1)).toMatchObject({ requests: 100, errors: 5, rejected: 5 });
    expect(snap.unrouted.bad_request).toBe(1);
    expect(snap.services.find((s) => s.service === "idle-one")!.health).toBe("idle");
    expect(t.slotOutcomes("orders", start)).toEqual({ success: 90, upstream_error: 5, bulkhead_full: 3, user_limit: 2, client_closed: 1 });
  });

  it("sums the answers of several slots for a late sample, and only those", () => {
    const clock = new FakeClock(start);
    const t = createTrafficStats(clock);
    t.record("a", true, "success", 0.01);
    clock.advance(10_000);
    t.record("a", true, "user_limit", 0);
    t.record("a", true, "user_limit", 0);
    clock.advance(10_000);
    t.record("a", true, "success", 0.01);
    expect(t.slotOutcomes("a", start + 10_000)).toEqual({ user_limit: 2 });
    expect(t.slotOutcomes("a", start, start + 20_000)).toEqual({ success: 1, user_limit: 2 });
    expect(t.slotOutcomes("a", start, start + 30_000)).toEqual({ success: 2, user_limit: 2 });
  });

  it("lets old slots leave the window and the ring, keeping the totals", () => {
    const clock = new FakeClock(start);
    const t = createTrafficStats(clock);
    t.record("a", true, "timeout", 5);
    clock.advance(70_000);
    let a = t.snapshot().services[0]!;
    expect(a.window.requests).toBe(0);
    expect(a.window.latencyMs.p99).toBeNull();
    expect(a.slots.filter((s) => s.requests > 0)).toHaveLength(1);
    clock.advance(15 * 60_000);
    t.record("a", true, "success", 0.001);
    a = t.snapshot().services[0]!;
    expect(a.slots.reduce((n, s) => n + s.requests, 0)).toBe(1);
    expect(a.totals).toMatchObject({ timeout: 1, success: 1 });
  });

  it("sorts the worst service first: failing before degraded before healthy before idle", () => {
    const clock = new FakeClock(start);
    const t = createTrafficStats(clock);
    for (let i = 0; i < 50; i++) t.record("healthy", true, "success", 0.01);
    for (let i = 0; i < 10; i++) t.record("failing", true, i < 4 ? "circuit_open" : "success", 0.01);
    for (let i = 0; i < 100; i++) t.record("degraded", true, i < 3 ? "timeout" : "success", 0.01);
    // per-user refusals are the client's own doing: not a sign of a failing service
    for (let i = 0; i < 10; i++) t.record("limited", true, i < 8 ? "user_limit" : "success", 0.01);
    expect(t.snapshot(["idle"]).services.map((s) => [s.service, s.health])).toEqual([
      ["failing", "failing"],
      ["degraded", "degraded"],
      ["limited", "healthy"],
      ["healthy", "healthy"],
      ["idle", "idle"],
    ]);
  });
});
