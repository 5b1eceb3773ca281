import { describe, expect, it } from "vitest";
import { MAX_RECORDED_TRANSITIONS, ObservationAccumulator } from "./observation";

const T0 = 1_700_000_000_000;

describe("ObservationAccumulator", () => {
  it("counts requests, scope, injected faults and the client-visible error rate", () => {
    const acc = new ObservationAccumulator(T0);
    acc.request({ inScope: false });
    acc.request({ inScope: true, delayMs: 100, terminal: { type: "error", status: 503 }, injected: ["latency", "error"] });
    acc.applied(["latency", "error"]);
    acc.request({ inScope: true, delayMs: 0, injected: [] });
    // drawn but never applied (a guard refused the request first): not counted as injected
    acc.request({ inScope: true, delayMs: 0, terminal: { type: "abort" }, injected: ["abort"] });
    acc.outcome(false);
    acc.outcome(true);
    acc.outcome(false);
    const o = acc.snapshot();
    expect(o).toMatchObject({ requests: 4, inScope: 3, injected: { latency: 1, error: 1, abort: 0, bandwidth: 0 }, responses: 3, errors: 1, errorRate: 33.33 });
  });

  it("reports 0 % errors before any response", () => {
    expect(new ObservationAccumulator(T0).snapshot().errorRate).toBe(0);
  });

  it("times breaker transitions from the start and finds the first opening", () => {
    const acc = new ObservationAccumulator(T0);
    expect(acc.breakerOpenedAfterSeconds()).toBeUndefined();
    acc.breakerTransition({ from: "closed", to: "forced_open", reason: "forced", at: T0 + 1000 });
    acc.breakerTransition({ from: "forced_open", to: "closed", reason: "override_lifted", at: T0 + 2000 });
    acc.breakerTransition({ from: "closed", to: "open", reason: "failure_rate", at: T0 + 12_345 });
    expect(acc.breakerOpenedAfterSeconds()).toBe(12.35);
    expect(acc.snapshot().breakerTransitions[2]).toEqual({ from: "closed", to: "open", reason: "failure_rate", at: new Date(T0 + 12_345).toISOString(), afterSeconds: 12.35 });
  });

  it("keeps a bounded list of transitions and counts the rest", () => {
    const acc = new ObservationAccumulator(T0);
    for (let i = 0; i < MAX_RECORDED_TRANSITIONS + 7; i++) acc.breakerTransition({ from: "closed", to: "open", reason: "r", at: T0 + i });
    const o = acc.snapshot();
    expect(o.breakerTransitions).toHaveLength(MAX_RECORDED_TRANSITIONS);
    expect(o.droppedTransitions).toBe(7);
  });

  it("ignores everything after freeze, so late responses do not change a finished report", () => {
    const acc = new ObservationAccumulator(T0);
    acc.sloRemaining("start", 91.234);
    acc.request({ inScope: false });
    acc.outcome(true);
    acc.freeze();
    acc.request({ inScope: false });
    acc.outcome(false);
    acc.sloRemaining("end", 10);
    expect(acc.snapshot()).toMatchObject({ requests: 1, responses: 1, errorRate: 100, sloRemaining: { start: 91.23, end: null } });
  });

  it("hands out copies", () => {
    const acc = new ObservationAccumulator(T0);
    acc.snapshot().injected.error = 99;
    expect(acc.snapshot().injected.error).toBe(0);
  });
});
