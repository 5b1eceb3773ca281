// Lifting an override: by default (in the gateway) to half-open, so trial calls decide whether the
// upstream is back; "closed" is the explicit alternative that trusts it at once.
import { describe, expect, it } from "vitest";
import { FakeClock } from "../fake-clock";
import { createCircuitBreaker } from "./circuit-breaker";
import type { BreakerStateChangeEvent } from "./types";

const OPTIONS = { consecutiveFailures: 2, halfOpenMaxCalls: 1, successThreshold: 1, waitInOpenMs: 1_000 };

function forced(state: "open" | "closed") {
  const clock = new FakeClock();
  const breaker = createCircuitBreaker(OPTIONS, { name: "svc", clock });
  const events: BreakerStateChangeEvent[] = [];
  breaker.on("stateChange", (e) => events.push(e));
  breaker.force(state, { actor: "olga", reason: "maintenance" });
  return { clock, breaker, events };
}

describe("breaker: lifting an override", () => {
  it("to half_open lets exactly the trial calls through, and their verdict decides", () => {
    const { breaker, events } = forced("open");
    expect(breaker.lift({ actor: "olga", to: "half_open" })).toBe(true);
    expect(breaker.state).toBe("half_open");
    expect(breaker.status().override).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ from: "forced_open", to: "half_open", reason: "override_lifted", actor: "olga" });
    const trial = breaker.tryAcquire();
    expect(trial).toMatchObject({ ok: true, kind: "trial" });
    expect(breaker.tryAcquire()).toMatchObject({ ok: false, state: "half_open" });
    if (trial.ok) trial.success(1);
    expect(breaker.state).toBe("closed");
  });

  it("to half_open from forced_closed re-opens on a failed trial", () => {
    const { breaker } = forced("closed");
    breaker.lift({ actor: "olga", to: "half_open" });
    const trial = breaker.tryAcquire();
    if (trial.ok) trial.failure(1);
    expect(breaker.state).toBe("open");
  });

  it("to closed (the library default) closes with empty windows", () => {
    const { breaker, events } = forced("open");
    expect(breaker.lift({ actor: "olga" })).toBe(true);
    expect(breaker.state).toBe("closed");
    expect(breaker.metrics().calls).toBe(0);
    expect(events.at(-1)).toMatchObject({ from: "forced_open", to: "closed", reason: "override_lifted" });
  });

  it("is a no-op without an override", () => {
    const clock = new FakeClock();
    const breaker = createCircuitBreaker(OPTIONS, { name: "svc", clock });
    expect(breaker.lift({ actor: "olga", to: "half_open" })).toBe(false);
    expect(breaker.state).toBe("closed");
  });
});
