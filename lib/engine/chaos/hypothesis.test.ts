import { describe, expect, it } from "vitest";
import { experimentSlo, judgeHypothesis } from "./hypothesis";

describe("judgeHypothesis", () => {
  it("holds when every clause holds, with each observed value", () => {
    const v = judgeHypothesis(
      { breakerOpensWithinSeconds: 30, sloRemainingAbove: { slo: "s", percent: 50 }, maxErrorRate: 5 },
      { breakerOpenedAfterSeconds: 12.5, sloRemainingEnd: 80, errorRate: 4.2 },
    );
    expect(v).toEqual({
      held: true,
      clauses: [
        { clause: "breakerOpensWithinSeconds", expected: 30, observed: 12.5, held: true },
        { clause: "sloRemainingAbove", expected: 50, observed: 80, held: true },
        { clause: "maxErrorRate", expected: 5, observed: 4.2, held: true },
      ],
    });
  });

  it("fails overall when one clause fails, and says which", () => {
    const v = judgeHypothesis({ breakerOpensWithinSeconds: 10, maxErrorRate: 5 }, { breakerOpenedAfterSeconds: 10.01, errorRate: 5 });
    expect(v?.held).toBe(false);
    expect(v?.clauses.map((c) => [c.clause, c.held])).toEqual([
      ["breakerOpensWithinSeconds", false],
      ["maxErrorRate", true],
    ]);
  });

  it("does not hold a breaker or SLO clause that saw nothing", () => {
    const v = judgeHypothesis({ breakerOpensWithinSeconds: 60, sloRemainingAbove: { slo: "gone", percent: 0 } }, { errorRate: 0 });
    expect(v?.clauses).toEqual([
      { clause: "breakerOpensWithinSeconds", expected: 60, observed: null, held: false },
      { clause: "sloRemainingAbove", expected: 0, observed: null, held: false },
    ]);
    expect(v?.held).toBe(false);
  });

  it("needs strictly more budget than the bound", () => {
    expect(judgeHypothesis({ sloRemainingAbove: { slo: "s", percent: 50 } }, { sloRemainingEnd: 50, errorRate: 0 })?.held).toBe(false);
  });

  it("judges nothing without a hypothesis", () => {
    expect(judgeHypothesis(undefined, { errorRate: 50 })).toBeUndefined();
    expect(judgeHypothesis({}, { errorRate: 50 })).toBeUndefined();
  });
});

describe("experimentSlo", () => {
  it("prefers the hypothesis SLO, then the first slo_burn condition", () => {
    const burn = (slo: string) => ({ type: "slo_burn" as const, slo, above: 1 });
    const rate = { type: "error_rate" as const, above: 1, windowSeconds: 10 };
    expect(experimentSlo({ hypothesis: { sloRemainingAbove: { slo: "h", percent: 1 } }, stopConditions: [burn("c")] })).toBe("h");
    expect(experimentSlo({ hypothesis: { maxErrorRate: 1 }, stopConditions: [rate, burn("c1"), burn("c2")] })).toBe("c1");
    expect(experimentSlo({ stopConditions: [rate] })).toBeUndefined();
  });
});
