import { describe, expect, it } from "vitest";
import { firstMetStopCondition, stopReasonFor, type StopFigures } from "./stop-conditions";
import type { StopCondition } from "./types";

const figures = (burn: Record<string, number>, errorRate: (w: number) => number): StopFigures => ({
  sloBurn1h: (slo) => burn[slo],
  errorRate,
});

const burn: StopCondition = { type: "slo_burn", slo: "checkout", above: 14.4 };
const errors: StopCondition = { type: "error_rate", above: 5, windowSeconds: 30 };

describe("firstMetStopCondition", () => {
  it("is met only strictly above the threshold", () => {
    expect(firstMetStopCondition([burn], figures({ checkout: 14.4 }, () => 0))).toBeUndefined();
    expect(firstMetStopCondition([burn], figures({ checkout: 14.5 }, () => 0))).toEqual({ condition: burn, value: 14.5 });
    expect(firstMetStopCondition([errors], figures({}, () => 5))).toBeUndefined();
    expect(firstMetStopCondition([errors], figures({}, () => 5.01))).toEqual({ condition: errors, value: 5.01 });
  });

  it("asks for the error rate over the condition's own window", () => {
    const asked: number[] = [];
    firstMetStopCondition([errors, { ...errors, windowSeconds: 120 }], figures({}, (w) => (asked.push(w), 0)));
    expect(asked).toEqual([30, 120]);
  });

  it("returns the first condition met, in list order", () => {
    const both = figures({ checkout: 20 }, () => 50);
    expect(firstMetStopCondition([errors, burn], both)?.condition).toBe(errors);
    expect(firstMetStopCondition([burn, errors], both)?.condition).toBe(burn);
  });

  it("never stops on an unknown SLO or a non-number", () => {
    expect(firstMetStopCondition([burn], figures({}, () => 0))).toBeUndefined();
    expect(firstMetStopCondition([errors], figures({}, () => Number.NaN))).toBeUndefined();
    expect(firstMetStopCondition([], figures({}, () => 100))).toBeUndefined();
  });
});

describe("stopReasonFor", () => {
  it("records the condition and the value that met it", () => {
    expect(stopReasonFor({ condition: burn, value: 20.5 })).toEqual({ type: "slo_burn", slo: "checkout", above: 14.4, value: 20.5 });
    expect(stopReasonFor({ condition: errors, value: 7 })).toEqual({ type: "error_rate", above: 5, windowSeconds: 30, value: 7 });
  });
});
