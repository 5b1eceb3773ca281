import { describe, expect, it } from "vitest";
import { errorBudgetText, spanInWords, windowInWords } from "./format";

describe("the error budget as time", () => {
  it("says what an objective allows over its window", () => {
    expect(errorBudgetText("99.5", 7 * 86_400, "availability")).toBe("99.5 % over 7 days = 50 min of errors");
    expect(errorBudgetText("99.9", 30 * 86_400, "availability")).toBe("99.9 % over 30 days = 43 min of errors");
    expect(errorBudgetText("99", 30 * 86_400, "availability")).toBe("99 % over 30 days = 7 h 12 min of errors");
    expect(errorBudgetText("90", 30 * 86_400, "availability")).toBe("90 % over 30 days = 3 d of errors");
    expect(errorBudgetText("99.99", 3600, "availability")).toBe("99.99 % over 1 hour = less than a second of errors");
    expect(errorBudgetText("99", 3600, "latency")).toBe("99 % over 1 hour = 36 s of slow or failed time");
  });
  it("stays silent while the objective is not a valid percentage", () => {
    for (const bad of ["", "abc", "0", "100", "150", "-1"]) expect(errorBudgetText(bad, 3600, "availability")).toBeNull();
  });
  it("words lengths and custom windows", () => {
    expect(spanInWords(59.6)).toBe("1 min");
    expect(spanInWords(2 * 3600)).toBe("2 h");
    expect(spanInWords(86_400 + 3 * 3600)).toBe("1 d 3 h");
    expect(windowInWords(5400)).toBe("1 h 30 min");
    expect(windowInWords(86_400)).toBe("1 day");
  });
});
