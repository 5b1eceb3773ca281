import { describe, expect, it } from "vitest";
import { clauseText, stopReasonText } from "./format";

describe("the experiment report in words", () => {
  const names: Record<string, string> = { "slo-7f3a": "checkout" };
  const sloName = (id: string) => names[id] ?? id;

  it("names the SLO whose burn stopped it, by id when it was deleted", () => {
    expect(stopReasonText({ type: "slo_burn", slo: "slo-7f3a", above: 14.4, value: 21.666 }, sloName)).toBe("The SLO checkout burned at 21.67×, above the limit of 14.4×.");
    expect(stopReasonText({ type: "slo_burn", slo: "slo-gone", above: 6, value: 7 }, sloName)).toBe("The SLO slo-gone burned at 7×, above the limit of 6×.");
  });

  it("names the SLO of the budget clause", () => {
    expect(clauseText({ clause: "sloRemainingAbove", expected: 50 }, "checkout")).toBe("More than 50 % of the SLO checkout's error budget remains");
    expect(clauseText({ clause: "sloRemainingAbove", expected: 50 })).toBe("More than 50 % of the SLO's error budget remains");
    expect(clauseText({ clause: "maxErrorRate", expected: 25 }, "checkout")).toBe("The error rate stays at or below 25 %");
  });
});
