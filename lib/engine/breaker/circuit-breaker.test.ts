// The circuit breaker: options, the transition table, trip rules, open/half-open/back-off, operator overrides.
import { describe, expect, it } from "vitest";
import { DEFAULT_BREAKER_OPTIONS, breakerOptionsSchema } from "./options";
import { BREAKER_TRANSITIONS, InvalidTransitionError, assertTransition, type BreakerState } from "./transitions";
import { calls, FAST_TRIP, permit, setup } from "./circuit-breaker.test-support";

describe("options", () => {
  it("has the documented defaults", () => {
    expect(DEFAULT_BREAKER_OPTIONS).toEqual({
      failureRateThreshold: 50,
      slowCallRateThreshold: 100,
      slowCallDurationMs: 5000,
      consecutiveFailures: 0,
      window: { type: "count", size: 100 },
      minimumCalls: 20,
      waitInOpenMs: 30000,
      maxWaitInOpenMs: 300000,
      halfOpenMaxCalls: 3,
      successThreshold: 3,
      maxWaitInHalfOpenMs: 0,
      failureStatusCodes: [500, 502, 503, 504],
    });
  });

  it("merges a partial block over the defaults and rejects bad values", () => {
    expect(breakerOptionsSchema.parse({ window: { type: "time", seconds: 60 } }).minimumCalls).toBe(20);
    expect(breakerOptionsSchema.safeParse({ failureRateThreshold: 0 }).success).toBe(false);
    expect(breakerOptionsSchema.safeParse({ waitInOpenMs: 10, maxWaitInOpenMs: 5 }).success).toBe(false);
  });
});

describe("transition table", () => {
  it("allows exactly the listed transitions and throws on anything else", () => {
    const states: BreakerState[] = ["closed", "open", "half_open", "forced_open", "forced_closed"];
    for (const from of states) {
      for (const to of states) {
        const allowed = BREAKER_TRANSITIONS[from].includes(to);
        if (allowed) expect(() => assertTransition(from, to)).not.toThrow();
        else expect(() => assertTransition(from, to)).toThrow(InvalidTransitionError);
      }
    }
    expect(() => assertTransition("closed", "half_open")).toThrow("closed → half_open");
  });
});

describe("trip rules", () => {
  it("opens on failure rate ≥ threshold once minimumCalls are recorded", () => {
    const { breaker, events } = setup({ minimumCalls: 10, window: { type: "count", size: 10 } });
    calls(breaker, "SSSSSFFFF"); // 9 calls: below minimumCalls
    expect(breaker.state).toBe("closed");
    expect(breaker.metrics().failureRate).toBe(-1);
    calls(breaker, "F"); // 10 calls, 5 failures = 50 %
    expect(breaker.state).toBe("open");
    expect(events.at(-1)).toMatchObject({ from: "closed", to: "open", reason: "failure_rate", name: "svc" });
  });

  it("does not open below the failure-rate threshold", () => {
    const { breaker } = setup({ minimumCalls: 10, window: { type: "count", size: 10 } });
    calls(breaker, "SSSSSSFFFF".repeat(5));
    expect(breaker.state).toBe("closed");
    expect(breaker.metrics()).toMatchObject({ calls: 10, failures: 4, failureRate: 40 });
  });

  it("opens on slow-call rate ≥ threshold", () => {
    const { breaker, events } = setup({ minimumCalls: 4, slowCallRateThreshold: 50, window: { type: "count", size: 4 } });
    calls(breaker, "SS..");
    expect(events.at(-1)).toMatchObject({ to: "open", reason: "slow_call_rate" });
  });

  it("classifies slowness from the duration when not given", () => {
    const { breaker, clock } = setup({ slowCallDurationMs: 100 });
    const p = permit(breaker);
    clock.advance(150);
    p.success();
    const q = permit(breaker);
    q.success(99);
    expect(breaker.metrics()).toMatchObject({ calls: 2, slowCalls: 1 });
  });

  it("opens after consecutiveFailures in a row; a success resets the run; 0 disables it", () => {
    const { breaker, events } = setup({ consecutiveFailures: 3 });
    calls(breaker, "FFSFF");
    expect(breaker.state).toBe("closed");
    calls(breaker, "F");
    expect(events.at(-1)).toMatchObject({ to: "open", reason: "consecutive_failures" });

    const off = setup({ consecutiveFailures: 0 });
    calls(off.breaker, "FFFFFFFFFFFFFFFFFFF"); // 19 < minimumCalls 20
    expect(off.breaker.state).toBe("closed");
  });

  it("counts a slow failure as both failure and slow", () => {
    const { breaker } = setup();
    permit(breaker).record({ failed: true, slow: true });
    expect(breaker.metrics()).toMatchObject({ calls: 1, failures: 1, slowCalls: 1 });
  });

  it("uses the window size as minimum when the window is smaller than minimumCalls", () => {
    const { breaker } = setup({ minimumCalls: 50, window: { type: "count", size: 4 } });
    calls(breaker, "FFFF");
    expect(breaker.state).toBe("open");
  });

  it("evaluates rates over a time window of per-second buckets", () => {
    const { breaker, clock } = setup({ minimumCalls: 4, window: { type: "time", seconds: 10 } });
    calls(breaker, "FFF");
    clock.advance(11_000); // those failures leave the window
    calls(breaker, "SSSF");
    expect(breaker.state).toBe("closed");
    expect(breaker.metrics()).toMatchObject({ calls: 4, failures: 1, failureRate: 25 });
    clock.advance(11_000);
    expect(breaker.metrics()).toMatchObject({ calls: 0, failures: 0, failureRate: -1 });
  });
});

describe("open, half-open and backoff", () => {
  it("rejects while open with the time until half-open, then half-opens lazily on access", () => {
    const { breaker, clock, events } = setup(FAST_TRIP);
    calls(breaker, "F");
    clock.advance(400);
    const r = breaker.tryAcquire();
    expect(r).toEqual({ ok: false, code: "circuit_open", state: "open", retryAfterMs: 600 });
    expect(breaker.metrics().rejected).toBe(1);
    clock.advance(600);
    expect(events.length).toBe(1); // no timer: nothing happens until access
    const p = breaker.tryAcquire();
    expect(p.ok && p.kind).toBe("trial");
    expect(events.at(-1)).toMatchObject({ from: "open", to: "half_open", reason: "wait_elapsed" });
  });

  it("admits exactly halfOpenMaxCalls concurrent trials and closes after successThreshold successes", () => {
    const { breaker, clock, events } = setup({ ...FAST_TRIP, halfOpenMaxCalls: 2, successThreshold: 3 });
    calls(breaker, "F");
    clock.advance(1_000);
    const a = permit(breaker);
    const b = permit(breaker);
    expect(breaker.tryAcquire()).toMatchObject({ ok: false, state: "half_open", retryAfterMs: 0 });
    a.success(0);
    b.success(0);
    expect(breaker.state).toBe("half_open");
    permit(breaker).success(0);
    expect(breaker.state).toBe("closed");
    expect(events.at(-1)).toMatchObject({ from: "half_open", to: "closed", reason: "half_open_success" });
  });

  it("re-opens on any trial failure and on a slow trial", () => {
    const { breaker, clock, events } = setup({ ...FAST_TRIP, consecutiveFailures: 1 });
    calls(breaker, "F");
    clock.advance(1_000);
    permit(breaker).success(0);
    permit(breaker).failure(0);
    expect(events.at(-1)).toMatchObject({ from: "half_open", to: "open", reason: "half_open_failure" });
    clock.advance(2_000);
    permit(breaker).record({ failed: false, slow: true });
    expect(events.at(-1)).toMatchObject({ from: "half_open", to: "open", reason: "half_open_slow" });
  });

  it("doubles the open time on each re-trip up to the cap and resets it after a close", () => {
    const { breaker, clock } = setup(FAST_TRIP);
    calls(breaker, "F");
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const status = breaker.status();
      waits.push((status.halfOpenAt ?? 0) - (status.openedAt ?? 0));
      clock.advance(waits.at(-1) ?? 0);
      permit(breaker).failure(0); // trial fails → re-trip
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    clock.advance(8_000);
    for (let i = 0; i < 3; i++) permit(breaker).success(0);
    expect(breaker.state).toBe("closed");
    calls(breaker, "F");
    const s = breaker.status();
    expect((s.halfOpenAt ?? 0) - (s.openedAt ?? 0)).toBe(1_000);
  });

  it("starts with empty windows after closing from half-open", () => {
    const { breaker, clock } = setup({ minimumCalls: 4, window: { type: "count", size: 10 }, waitInOpenMs: 10 });
    calls(breaker, "SSFF");
    expect(breaker.state).toBe("open");
    clock.advance(10);
    calls(breaker, "...");
    expect(breaker.state).toBe("closed");
    expect(breaker.metrics()).toMatchObject({ calls: 0, failures: 0 });
    calls(breaker, "SSSF"); // old failures would have made this 3/8 → still fine, and it is 1/4 now
    expect(breaker.state).toBe("closed");
  });

  it("tick() emits due transitions without traffic and nextTransitionAt() says when", () => {
    const { breaker, clock, events } = setup(FAST_TRIP);
    calls(breaker, "F");
    expect(breaker.nextTransitionAt()).toBe(clock.now() + 1_000);
    expect(breaker.tick()).toBe(false);
    clock.advance(1_000);
    expect(breaker.tick()).toBe(true);
    expect(events.at(-1)).toMatchObject({ to: "half_open", reason: "wait_elapsed" });
    expect(breaker.nextTransitionAt()).toBeUndefined();
  });
});

describe("operator overrides and operations", () => {
  it("forced_open rejects everything; forced_closed admits everything and never trips", () => {
    const { breaker, events } = setup(FAST_TRIP);
    breaker.force("open", { actor: "alice", reason: "maintenance" });
    expect(breaker.tryAcquire()).toMatchObject({ ok: false, state: "forced_open", retryAfterMs: undefined });
    expect(events.at(-1)).toMatchObject({ from: "closed", to: "forced_open", reason: "forced", actor: "alice" });
    expect(breaker.status().override).toMatchObject({ state: "open", actor: "alice", reason: "maintenance" });
    breaker.force("closed", { actor: "bob", reason: "trust me" });
    calls(breaker, "FFFF");
    expect(breaker.state).toBe("forced_closed");
    expect(permit(breaker).kind).toBe("bypass");
  });

  it("lift() → closed with empty windows; without override it does nothing", () => {
    const { breaker, events } = setup();
    expect(breaker.lift({ actor: "alice" })).toBe(false);
    calls(breaker, "FFF");
    breaker.force("closed", { actor: "alice", reason: "r" });
    expect(breaker.lift({ actor: "alice" })).toBe(true);
    expect(events.at(-1)).toMatchObject({ from: "forced_closed", to: "closed", reason: "override_lifted", actor: "alice" });
    expect(breaker.metrics().calls).toBe(0);
    expect(breaker.status().override).toBeUndefined();
  });

  it("an override with a TTL expires lazily on access, and tick() emits it without traffic", () => {
    const { breaker, clock, events } = setup();
    breaker.force("open", { actor: "alice", reason: "r", ttlMs: 5_000 });
    expect(breaker.tryAcquire()).toMatchObject({ ok: false, retryAfterMs: 5_000 });
    expect(breaker.nextTransitionAt()).toBe(clock.now() + 5_000);
    clock.advance(5_000);
    expect(breaker.state).toBe("closed");
    expect(events.at(-1)).toMatchObject({ from: "forced_open", to: "closed", reason: "override_expired", actor: "system" });

    breaker.force("closed", { actor: "alice", reason: "r", ttlMs: 1_000 });
    clock.advance(1_000);
    expect(breaker.tick()).toBe(true);
    expect(events.at(-1)).toMatchObject({ from: "forced_closed", to: "closed", reason: "override_expired" });
  });

  it("reset() → closed, empty windows, base backoff, rejected count cleared", () => {
    const { breaker, clock, events } = setup(FAST_TRIP);
    calls(breaker, "F");
    clock.advance(1_000);
    permit(breaker).failure(0); // open with 2 s wait now
    breaker.tryAcquire();
    breaker.reset({ actor: "alice" });
    expect(events.at(-1)).toMatchObject({ from: "open", to: "closed", reason: "reset", actor: "alice" });
    expect(breaker.metrics()).toMatchObject({ calls: 0, rejected: 0 });
    calls(breaker, "F");
    const s = breaker.status();
    expect((s.halfOpenAt ?? 0) - (s.openedAt ?? 0)).toBe(1_000);
    const resets: string[] = [];
    breaker.on("reset", (e) => resets.push(e.actor));
    breaker.reset({ actor: "bob" });
    breaker.reset({ actor: "carol" }); // already closed: no transition, still a reset event
    expect(resets).toEqual(["bob", "carol"]);
  });

  it("trip() opens from closed or half-open with the given reason; overrides win", () => {
    const { breaker, clock, events } = setup({ waitInOpenMs: 1_000 });
    expect(breaker.trip("slo_burn", { actor: "slo:payments" })).toBe(true);
    expect(events.at(-1)).toMatchObject({ to: "open", reason: "slo_burn", actor: "slo:payments" });
    expect(breaker.trip("health_check_failed")).toBe(false); // already open
    clock.advance(1_000);
    expect(breaker.state).toBe("half_open");
    expect(breaker.trip("health_check_failed")).toBe(true);
    const s = breaker.status();
    expect((s.halfOpenAt ?? 0) - (s.openedAt ?? 0)).toBe(2_000); // a re-trip from half-open doubles
    breaker.force("closed", { actor: "a", reason: "r" });
    expect(breaker.trip("slo_burn")).toBe(false);
  });

  it("allowHalfOpen() lets an open breaker half-open early", () => {
    const { breaker, events } = setup({ waitInOpenMs: 60_000 });
    expect(breaker.allowHalfOpen()).toBe(false);
    breaker.trip("health_check_failed");
    expect(breaker.allowHalfOpen({ actor: "health" })).toBe(true);
    expect(events.at(-1)).toMatchObject({ from: "open", to: "half_open", reason: "health_recovered", actor: "health" });
    expect(permit(breaker).kind).toBe("trial");
  });
});

