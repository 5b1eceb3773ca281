import { describe, expect, it } from "vitest";
import { uptimeOf, uptimeText } from "./health-uptime";

describe("health check uptime", () => {
  it("sums the minutes' runs and writes 100 % from 99.95 up, else one decimal", () => {
    expect(uptimeOf([{ up: 3, down: 1 }, { up: 0, down: 0 }])).toEqual({ up: 3, down: 1, pct: 75 });
    expect(uptimeText(75)).toBe("75.0 %");
    expect(uptimeText(uptimeOf([{ up: 1999, down: 1 }]).pct)).toBe("100 %");
    expect(uptimeText(uptimeOf([{ up: 1998, down: 2 }]).pct)).toBe("99.9 %");
  });
  it("has no figure without runs", () => {
    expect(uptimeOf([])).toEqual({ up: 0, down: 0, pct: null });
    expect(uptimeText(null)).toBe("—");
  });
});
