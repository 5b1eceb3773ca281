// resilience4j's maxWaitDurationInHalfOpenState: a trial permit that is never completed (a leaked
// permit, a request that never ends) must not wedge the breaker in half-open.
import { describe, expect, it } from "vitest";
import { FakeClock } from "../fake-clock";
import { createCircuitBreaker } from "./circuit-breaker";
import { tickBreakers } from "./sweep";
import type { BreakerPermit, BreakerStateChangeEvent } from "./types";

const OPTIONS = { consecutiveFailures: 1, waitInOpenMs: 1_000, maxWaitInOpenMs: 8_000, halfOpenMaxCalls: 1, successThreshold: 1, maxWaitInHalfOpenMs: 5_000 };

function halfOpen(options = OPTIONS) {
  const clock = new FakeClock();
  const breaker = createCircuitBreaker(options, { name: "svc", clock });
  const events: BreakerStateChangeEvent[] = [];
  breaker.on("stateChange", (e) => events.push(e));
  const p = breaker.tryAcquire();
  if (p.ok) p.failure(0);
  clock.advance(1_000);
  const trial = breaker.tryAcquire() as BreakerPermit;
  expect(trial).toMatchObject({ ok: true, kind: "trial" });
  return { clock, breaker, events, trial };
}

describe("breaker: a leaked trial permit cannot wedge half-open", () => {
  it("without a verdict for maxWaitInHalfOpenMs, the sweep re-opens it (half_open_timeout)", () => {
    const { clock, breaker, events } = halfOpen();
    expect(breaker.tryAcquire()).toMatchObject({ ok: false, state: "half_open" }); // the only slot is leaked
    expect(breaker.nextTransitionAt()).toBe(clock.now() + 5_000);
    clock.advance(4_999);
    expect(tickBreakers([breaker])).toBe(clock.now() + 1);
    expect(breaker.state).toBe("half_open");
    clock.advance(1);
    tickBreakers([breaker]);
    expect(events.at(-1)).toMatchObject({ from: "half_open", to: "open", reason: "half_open_timeout", halfOpenAt: clock.now() + 2_000 });
    // like any re-trip from half-open, the open time doubled; then new trials are admitted
    clock.advance(2_000);
    expect(breaker.tryAcquire()).toMatchObject({ ok: true, kind: "trial" });
  });

  it("the stale permit is void: completing it later changes nothing", () => {
    const { clock, breaker, trial } = halfOpen();
    clock.advance(5_000);
    expect(breaker.state).toBe("open");
    clock.advance(2_000);
    const fresh = breaker.tryAcquire() as BreakerPermit;
    expect(fresh.kind).toBe("trial");
    trial.success(); // the leaked permit finally completes: no close, no slot freed
    expect(breaker.state).toBe("half_open");
    expect(breaker.halfOpenTrials).toBe(1);
    trial.failure();
    expect(breaker.state).toBe("half_open");
    fresh.success();
    expect(breaker.state).toBe("closed");
  });

  it("a verdict arriving after the limit (before any sweep) comes too late", () => {
    const { clock, breaker, trial, events } = halfOpen();
    clock.advance(6_000);
    trial.success();
    expect(breaker.state).toBe("open");
    expect(events.at(-1)?.reason).toBe("half_open_timeout");
  });

  it("0 disables the limit (the engine's default)", () => {
    const { clock, breaker } = halfOpen({ ...OPTIONS, maxWaitInHalfOpenMs: 0 });
    expect(breaker.options.maxWaitInHalfOpenMs).toBe(0);
    expect(breaker.nextTransitionAt()).toBeUndefined();
    clock.advance(86_400_000);
    expect(breaker.tick()).toBe(false);
    expect(breaker.state).toBe("half_open");
    expect(createCircuitBreaker().options.maxWaitInHalfOpenMs).toBe(0);
  });

  it("a restored half-open snapshot keeps counting from when it half-opened", () => {
    const { clock, breaker } = halfOpen();
    clock.advance(3_000);
    const restored = createCircuitBreaker(OPTIONS, { name: "svc", clock, snapshot: breaker.toJSON() });
    clock.advance(2_000);
    expect(restored.state).toBe("open");
  });
});

describe("breaker: a snapshot taken under unbounded options", () => {
  it("half-opens within today's open time (no date beyond the Date range)", () => {
    const clock = new FakeClock();
    const breaker = createCircuitBreaker({ consecutiveFailures: 1, waitInOpenMs: 1_000 }, { clock });
    const p = breaker.tryAcquire();
    if (p.ok) p.failure(0);
    const snap = { ...breaker.toJSON(), waitMs: Number.MAX_SAFE_INTEGER, halfOpenAt: clock.now() + Number.MAX_SAFE_INTEGER };
    const restored = createCircuitBreaker({ consecutiveFailures: 1, waitInOpenMs: 1_000, maxWaitInOpenMs: 60_000 }, { clock, snapshot: snap });
    expect(restored.status().halfOpenAt).toBe(clock.now() + 60_000);
  });

  it("a remote record from such options is adopted the same way", () => {
    const clock = new FakeClock();
    const b = createCircuitBreaker({ waitInOpenMs: 1_000, maxWaitInOpenMs: 60_000 }, { clock });
    const now = clock.now();
    b.syncFrom({ state: "open", openedAt: now, halfOpenAt: now + Number.MAX_SAFE_INTEGER, waitMs: Number.MAX_SAFE_INTEGER, override: null, updatedAt: now });
    expect(b.status().halfOpenAt).toBe(now + 60_000);
  });
});
