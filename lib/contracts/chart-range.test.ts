import { describe, expect, it } from "vitest";
import { chartWindow, rangeQuerySchema, spanOfQuery } from "./breakers";

const at = (iso: string) => Date.parse(iso);

describe("chart ranges", () => {
  it("accepts presets and custom from/to windows", () => {
    expect(spanOfQuery(rangeQuerySchema.parse({}))).toBe("15m");
    expect(spanOfQuery(rangeQuerySchema.parse({ range: "7d" }))).toBe("7d");
    const q = rangeQuerySchema.parse({ from: "2026-01-01T10:00:00Z", to: "2026-01-01T12:00:00Z" });
    expect(spanOfQuery(q)).toEqual({ from: "2026-01-01T10:00:00Z", to: "2026-01-01T12:00:00Z" });
  });

  it("names the field that is wrong", () => {
    const issues = (v: Record<string, string>) => rangeQuerySchema.safeParse(v).error?.issues.map((i) => `${i.path.join(".")} ${i.message}`);
    expect(issues({ range: "2h" })).toEqual(["range must be 15m, 1h, 6h, 24h or 7d"]);
    expect(issues({ from: "2026-01-01T10:00:00Z" })).toEqual(["to is required with from"]);
    expect(issues({ to: "2026-01-01T10:00:00Z" })).toEqual(["from is required with to"]);
    expect(issues({ from: "2026-01-01T10:00:00Z", to: "2026-01-01T09:00:00Z" })).toEqual(["to must be at least 10 s after from"]);
    expect(issues({ from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" })).toEqual(["to must be at most 31 days after from"]);
    expect(issues({ from: "yesterday", to: "2026-01-01T00:00:00Z" })).toEqual(["from must be an ISO 8601 date-time"]);
  });

  it("spaces points by the window's width", () => {
    const now = at("2026-01-01T12:00:00Z");
    expect(chartWindow("15m", now)).toEqual({ from: now - 900_000, to: now, step: 10_000 });
    expect(chartWindow("6h", now).step).toBe(60_000);
    expect(chartWindow("24h", now).step).toBe(300_000);
    expect(chartWindow("7d", now).step).toBe(3_600_000);
    expect(chartWindow({ from: "2026-01-01T10:00:00Z", to: "2026-01-01T10:30:00Z" }, now)).toEqual({ from: at("2026-01-01T10:00:00Z"), to: at("2026-01-01T10:30:00Z"), step: 10_000 });
  });
});
