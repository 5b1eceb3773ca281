// The circuit breaker: permits, snapshot and restore, live options, regressions and events.
import { describe, expect, it } from "vitest";
import { CircuitOpenError, isBreakwaterError } from "../errors";
import { createCircuitBreaker } from "./circuit-breaker";
import { calls, FAST_TRIP, permit, setup } from "./circuit-breaker.test-support";

describe("permits", () => {
  it("double completion and release after completion are no-ops", () => {
    const { breaker } = setup();
    const p = permit(breaker);
    p.failure(0);
    p.failure(0);
    p.success(0);
    p.release();
    expect(p.done).toBe(true);
    expect(breaker.metrics()).toMatchObject({ calls: 1, failures: 1 });
  });

  it("a released permit records nothing and frees its trial slot", () => {
    const { breaker, clock } = setup({ ...FAST_TRIP, halfOpenMaxCalls: 1 });
    calls(breaker, "F");
    clock.advance(1_000);
    const p = permit(breaker);
    expect(breaker.tryAcquire().ok).toBe(false);
    p.release();
    expect(permit(breaker).kind).toBe("trial");
  });

  it("execute() records thrown errors as failures and throws CircuitOpenError when refused", async () => {
    const { breaker, clock } = setup({ ...FAST_TRIP, waitInOpenMs: 2_000 });
    await expect(breaker.execute(() => 42)).resolves.toBe(42);
    await expect(breaker.execute(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    clock.advance(500);
    const error: unknown = await breaker.execute(() => 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(isBreakwaterError(error, "circuit_open") && error.retryAfterMs).toBe(1_500);
  });
});

describe("snapshot and restore", () => {
  it("round-trips every field", () => {
    const { breaker, clock } = setup({ window: { type: "count", size: 10 }, minimumCalls: 5 });
    calls(breaker, "SFS.S");
    breaker.tryAcquire();
    const snap = breaker.toJSON();
    const copy = createCircuitBreaker({ window: { type: "count", size: 10 }, minimumCalls: 5 }, { name: "svc", clock, snapshot: JSON.parse(JSON.stringify(snap)) });
    expect(copy.toJSON()).toEqual(snap);
    expect(copy.metrics()).toEqual(breaker.metrics());
  });

  it("an open snapshot whose time has passed restores so the next call is a half-open trial", () => {
    const { breaker, clock } = setup(FAST_TRIP);
    calls(breaker, "F");
    const snap = breaker.toJSON();
    clock.advance(5_000);
    const restored = createCircuitBreaker(FAST_TRIP, { name: "svc", clock, snapshot: snap });
    const p = restored.tryAcquire();
    expect(p.ok && p.kind).toBe("trial");
  });

  it("restores overrides (with expiry) and rejects malformed snapshots", () => {
    const { breaker, clock } = setup();
    breaker.force("open", { actor: "alice", reason: "r", ttlMs: 1_000 });
    const restored = createCircuitBreaker({}, { clock, snapshot: breaker.toJSON() });
    expect(restored.state).toBe("forced_open");
    clock.advance(1_000);
    expect(restored.state).toBe("closed");
    expect(() => createCircuitBreaker({}, { clock, snapshot: { v: 1, state: "open" } })).toThrow();
    expect(() => createCircuitBreaker({}, { clock, snapshot: { ...breaker.toJSON(), state: "forced_open", override: null } })).toThrow(
      "inconsistent",
    );
  });

  it("starts with an empty window when the snapshot's window does not match the options", () => {
    const { breaker, clock } = setup({ window: { type: "count", size: 10 } });
    calls(breaker, "FFS");
    const restored = createCircuitBreaker({ window: { type: "time", seconds: 60 } }, { clock, snapshot: breaker.toJSON() });
    expect(restored.metrics().calls).toBe(0);
  });
});

describe("updateOptions", () => {
  it("applies new thresholds live; a changed window starts empty", () => {
    const { breaker } = setup({ minimumCalls: 4, window: { type: "count", size: 4 }, failureRateThreshold: 100 });
    calls(breaker, "SFF");
    breaker.updateOptions({ minimumCalls: 4, window: { type: "count", size: 4 }, failureRateThreshold: 50 });
    expect(breaker.metrics().calls).toBe(3);
    calls(breaker, "S");
    expect(breaker.state).toBe("open");
    breaker.reset({ actor: "op" });
    calls(breaker, "SS");
    breaker.updateOptions({ window: { type: "count", size: 10 } });
    expect(breaker.metrics().calls).toBe(0);
    expect(breaker.options.window).toEqual({ type: "count", size: 10 });
  });
});

describe("regressions", () => {
  it("regression: a half-open trial counter that underflowed rejected every call forever", () => {
    const { breaker, clock } = setup({ ...FAST_TRIP, halfOpenMaxCalls: 2, successThreshold: 1 });
    calls(breaker, "F");
    clock.advance(1_000);
    const released = permit(breaker);
    released.release();
    released.release(); // a double release must not free a second slot
    const stale = permit(breaker); // trial of the first half-open period, completed late
    const trial = permit(breaker);
    expect(breaker.tryAcquire().ok).toBe(false);
    expect(breaker.halfOpenTrials).toBe(2);
    trial.failure(0); // re-open
    clock.advance(2_000);
    const next = permit(breaker); // second half-open period
    stale.failure(0); // must not touch the new period: no decrement, no re-open
    stale.release();
    expect(breaker.state).toBe("half_open");
    expect(breaker.halfOpenTrials).toBe(1);
    expect(permit(breaker).kind).toBe("trial");
    expect(breaker.tryAcquire().ok).toBe(false);
    next.success(0);
    expect(breaker.state).toBe("closed");
    for (let i = 0; i < 5; i++) expect(breaker.tryAcquire().ok).toBe(true);
  });

  it("regression: failure rate is computed over the sliding window, not all calls since start", () => {
    const { breaker } = setup({ minimumCalls: 10, window: { type: "count", size: 10 } });
    calls(breaker, ".".repeat(1_000));
    calls(breaker, "FFFFF");
    expect(breaker.state).toBe("open"); // 5/10 in the window (0.5 % since start)
  });

  it("regression: never more concurrent half-open trials than allowed", () => {
    const { breaker, clock } = setup({ ...FAST_TRIP, halfOpenMaxCalls: 3 });
    calls(breaker, "F");
    clock.advance(1_000);
    const results = Array.from({ length: 10 }, () => breaker.tryAcquire());
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(breaker.halfOpenTrials).toBe(3);
  });
});

describe("events", () => {
  it("emit reject and call events with one payload object; listeners can unsubscribe", () => {
    const { breaker } = setup(FAST_TRIP);
    const seen: string[] = [];
    const off = breaker.on("call", (e) => seen.push(`call:${e.failed}`));
    breaker.onReject((e) => seen.push(`reject:${e.state}`));
    calls(breaker, "F");
    breaker.tryAcquire();
    off();
    expect(seen).toEqual(["call:true", "reject:open"]);
  });

  it("a throwing listener does not break the breaker", () => {
    const { breaker } = setup(FAST_TRIP);
    breaker.onStateChange(() => {
      throw new Error("listener bug");
    });
    calls(breaker, "F");
    expect(breaker.state).toBe("open");
  });
});
