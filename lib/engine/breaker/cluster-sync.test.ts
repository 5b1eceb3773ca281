// What a cluster and the health checks need from a breaker: adopting a state decided elsewhere,
// deciding trips elsewhere, and staying open while held.
import { describe, expect, it } from "vitest";
import { FakeClock } from "../fake-clock";
import { createCircuitBreaker } from "./circuit-breaker";
import type { BreakerStateChangeEvent } from "./types";

function pair() {
  const clock = new FakeClock();
  const a = createCircuitBreaker({ minimumCalls: 4, window: { type: "count", size: 4 }, waitInOpenMs: 1000 }, { name: "svc", clock });
  const b = createCircuitBreaker({ minimumCalls: 4, window: { type: "count", size: 4 }, waitInOpenMs: 1000 }, { name: "svc", clock });
  const eventsB: BreakerStateChangeEvent[] = [];
  b.on("stateChange", (e) => eventsB.push(e));
  return { clock, a, b, eventsB };
}

const fail = (br: ReturnType<typeof createCircuitBreaker>, n: number) => {
  for (let i = 0; i < n; i++) {
    const p = br.tryAcquire();
    if (p.ok) p.failure(0);
  }
};

describe("breaker: cluster sync", () => {
  it("adopts another instance's open state, half-opens on the same schedule, and marks the event remote", () => {
    const { clock, a, b, eventsB } = pair();
    fail(a, 4);
    expect(a.state).toBe("open");
    expect(b.syncFrom(a.syncRecord("failure_rate"))).toBe(true);
    expect(b.state).toBe("open");
    expect(eventsB).toMatchObject([{ from: "closed", to: "open", reason: "failure_rate", remote: true }]);
    expect(b.tryAcquire()).toMatchObject({ ok: false, code: "circuit_open", retryAfterMs: 1000 });
    clock.advance(1000);
    expect(b.tryAcquire().ok).toBe(true); // a half-open trial, like on the instance that tripped
    expect(b.state).toBe("half_open");
  });

  it("adopts an override with its actor, reason and expiry, and a close empties the local window", () => {
    const { clock, a, b } = pair();
    fail(b, 3); // local failures, below minimumCalls
    a.force("open", { actor: "olga", reason: "maintenance", ttlMs: 500 });
    b.syncFrom(a.syncRecord("forced", "olga"));
    expect(b.status()).toMatchObject({ state: "forced_open", override: { actor: "olga", reason: "maintenance", expiresAt: clock.now() + 500 } });
    a.lift({ actor: "olga" });
    b.syncFrom(a.syncRecord("override_lifted", "olga"));
    expect(b.state).toBe("closed");
    expect(b.metrics().calls).toBe(0);
  });

  it("adopts a state it did not see happen through the transition table (closed → open → half_open)", () => {
    const { clock, a, b, eventsB } = pair();
    fail(a, 4);
    clock.advance(1000);
    expect(a.state).toBe("half_open");
    expect(b.syncFrom(a.syncRecord("wait_elapsed"))).toBe(true);
    expect(eventsB.map((e) => [e.from, e.to, e.remote])).toEqual([
      ["closed", "open", true],
      ["open", "half_open", true],
    ]);
    expect(b.tryAcquire()).toMatchObject({ ok: true, kind: "trial" });
    b.force("open", { actor: "olga", reason: "x" });
    eventsB.length = 0;
    b.syncFrom(a.syncRecord());
    expect(eventsB.map((e) => e.to)).toEqual(["half_open"]);
  });

  it("a permit issued before an adopted change is void", () => {
    const { a, b } = pair();
    const p = b.tryAcquire();
    fail(a, 4);
    b.syncFrom(a.syncRecord("failure_rate"));
    if (p.ok) p.success(0);
    expect(b.metrics().calls).toBe(0);
  });

  it("refuses an inconsistent record and changes nothing", () => {
    const { b } = pair();
    expect(() => b.syncFrom({ state: "forced_open", openedAt: 1, halfOpenAt: null, waitMs: 1000, override: null, updatedAt: 1 })).toThrow(/inconsistent/);
    expect(b.state).toBe("closed");
  });

  it("with localTripping off, its own window never trips it (the cluster decides), but trip() does", () => {
    const { a } = pair();
    a.setLocalTripping(false);
    fail(a, 8);
    expect(a.state).toBe("closed");
    expect(a.metrics().failures).toBe(4);
    expect(a.trip("failure_rate", { actor: "cluster" })).toBe(true);
    expect(a.state).toBe("open");
  });
});

describe("breaker: held open", () => {
  it("stays open past its open time while held; allowHalfOpen releases it", () => {
    const { clock, a } = pair();
    a.trip("health_check_failed", { hold: true });
    clock.advance(5000);
    expect(a.tick()).toBe(false);
    expect(a.state).toBe("open");
    expect(a.tryAcquire().ok).toBe(false);
    expect(a.nextTransitionAt()).toBeUndefined();
    expect(a.allowHalfOpen({ reason: "health_recovered" })).toBe(true);
    expect(a.state).toBe("half_open");
  });

  it("a hold on an already open breaker holds it too, and a reset ends the hold", () => {
    const { clock, a } = pair();
    fail(a, 4);
    a.trip("health_check_failed", { hold: true });
    clock.advance(5000);
    a.tick();
    expect(a.state).toBe("open");
    a.reset({ actor: "olga" });
    a.trip("failure_rate");
    clock.advance(1000);
    a.tick();
    expect(a.state).toBe("half_open");
  });
});
