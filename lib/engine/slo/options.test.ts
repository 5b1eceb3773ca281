import { describe, expect, it } from "vitest";
import { budgetFraction, DEFAULT_SLO_ALERTING, SLO_WINDOW_PRESETS, sloDefinitionSchema } from "./options";

const base = { name: "payments availability", service: "payments", sli: { type: "availability" }, objective: 99.9 };

describe("sloDefinitionSchema", () => {
  it("fills the documented defaults (docs/ENGINE.md)", () => {
    expect(sloDefinitionSchema.parse(base)).toEqual({
      ...base,
      sli: { ...base.sli, countUserLimited: false },
      windowSeconds: 2_592_000,
      alerting: { pageBurnRate: 14.4, ticketBurnRate: 1 },
      tripBreakerOnBurnRate: null,
    });
    expect(DEFAULT_SLO_ALERTING).toEqual({ pageBurnRate: 14.4, ticketBurnRate: 1 });
    expect(sloDefinitionSchema.parse({ ...base, alerting: { pageBurnRate: 10 } }).alerting).toEqual({
      pageBurnRate: 10,
      ticketBurnRate: 1,
    });
  });

  it("exports the window presets", () => {
    expect(SLO_WINDOW_PRESETS).toEqual({ "1h": 3600, "1d": 86400, "7d": 604800, "28d": 2419200, "30d": 2592000 });
    for (const w of Object.values(SLO_WINDOW_PRESETS)) {
      expect(sloDefinitionSchema.safeParse({ ...base, windowSeconds: w }).success).toBe(true);
    }
  });

  it.each([0, 100, -1, 100.1])("rejects objective %s with a clear message", (objective) => {
    const r = sloDefinitionSchema.safeParse({ ...base, objective });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["objective"]);
    expect(r.error?.issues[0]?.message).toBe("must be between 0 and 100 (exclusive), e.g. 99.9");
  });

  it("validates windows, names, latency thresholds and the trip threshold", () => {
    const bad = (patch: object) => sloDefinitionSchema.safeParse({ ...base, ...patch }).success;
    expect(bad({ windowSeconds: 3599 })).toBe(false);
    expect(bad({ windowSeconds: 90 * 86400 + 1 })).toBe(false);
    expect(bad({ windowSeconds: 90 * 86400 })).toBe(true);
    expect(bad({ windowSeconds: 3600.5 })).toBe(false);
    expect(bad({ name: "" })).toBe(false);
    expect(bad({ name: "x".repeat(101) })).toBe(false);
    expect(bad({ sli: { type: "latency" } })).toBe(false);
    expect(bad({ sli: { type: "latency", thresholdMs: 0 } })).toBe(false);
    expect(bad({ sli: { type: "latency", thresholdMs: 300 } })).toBe(true);
    expect(bad({ tripBreakerOnBurnRate: 0 })).toBe(false);
    expect(bad({ tripBreakerOnBurnRate: 20 })).toBe(true);
    expect(bad({ alerting: { pageBurnRate: -1 } })).toBe(false);
  });

  it("computes the budget fraction without float noise", () => {
    expect(budgetFraction(99.9)).toBe(0.001);
    expect(budgetFraction(99)).toBe(0.01);
    expect(budgetFraction(99.99)).toBe(0.0001);
    expect(budgetFraction(95)).toBe(0.05);
  });
});
