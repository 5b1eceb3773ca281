// Test support for the circuit breaker's unit tests: a breaker on a fake clock that records its
// transitions, a permit that must be granted, and calls from a pattern ("F" failure, "S" slow, "." success).
import { FakeClock } from "../fake-clock";
import { type CircuitBreaker, createCircuitBreaker } from "./circuit-breaker";
import type { BreakerOptionsInput } from "./options";
import type { BreakerPermit, BreakerStateChangeEvent } from "./types";

export function setup(options: BreakerOptionsInput = {}) {
  const clock = new FakeClock();
  const breaker = createCircuitBreaker(options, { name: "svc", clock });
  const events: BreakerStateChangeEvent[] = [];
  breaker.on("stateChange", (e) => events.push(e));
  return { clock, breaker, events };
}

export function permit(b: CircuitBreaker): BreakerPermit {
  const p = b.tryAcquire();
  if (!p.ok) throw new Error(`expected a permit, got rejection in ${p.state}`);
  return p;
}

export function calls(b: CircuitBreaker, pattern: string): void {
  for (const c of pattern) {
    const p = permit(b);
    if (c === "F") p.failure(0);
    else if (c === "S") p.record({ failed: false, slow: true });
    else p.success(0);
  }
}

export const FAST_TRIP: BreakerOptionsInput = { consecutiveFailures: 1, waitInOpenMs: 1_000, maxWaitInOpenMs: 8_000 };
