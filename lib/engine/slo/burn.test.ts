import { describe, expect, it } from "vitest";
import { BURN_WINDOWS, evaluateBurnAlerts, lookbacks, shouldTripBreaker, type BurnRates } from "./burn";
import { DEFAULT_SLO_ALERTING } from "./options";

const D30 = 2_592_000;
const rates = (patch: Partial<BurnRates> = {}): BurnRates => ({ "5m": 0, "30m": 0, "1h": 0, "6h": 0, "1d": 0, "3d": 0, ...patch });

describe("lookbacks", () => {
  it("are literal for a 30-day SLO", () => {
    expect(lookbacks(D30)).toEqual({ "5m": 300, "30m": 1800, "1h": 3600, "6h": 21600, "1d": 86400, "3d": 259200 });
  });
  it("scale with the window (1 day, 7 days, 28 days, 90 days)", () => {
    expect(lookbacks(86_400)).toEqual({ "5m": 10, "30m": 60, "1h": 120, "6h": 720, "1d": 2880, "3d": 8640 });
    expect(lookbacks(604_800)).toEqual({ "5m": 70, "30m": 420, "1h": 840, "6h": 5040, "1d": 20160, "3d": 60480 });
    expect(lookbacks(2_419_200)).toEqual({ "5m": 280, "30m": 1680, "1h": 3360, "6h": 20160, "1d": 80640, "3d": 241920 });
    expect(lookbacks(7_776_000)["1h"]).toBe(10_800);
  });
  it("never go below one 10-second bucket (1-hour SLO)", () => {
    expect(lookbacks(3_600)).toEqual({ "5m": 10, "30m": 10, "1h": 10, "6h": 30, "1d": 120, "3d": 360 });
  });
});

describe("evaluateBurnAlerts", () => {
  const a = DEFAULT_SLO_ALERTING;

  it("pages when 1h and 5m are both at or above pageBurnRate", () => {
    const at = evaluateBurnAlerts(rates({ "1h": 14.4, "5m": 14.4 }), a, D30);
    expect(at.page).toBe(true);
    expect(at.ticket).toBe(false);
    expect(at.pageWindows).toMatchObject({ name: "page_fast", long: "1h", short: "5m", longSeconds: 3600, shortSeconds: 300, threshold: 14.4 });
    expect(evaluateBurnAlerts(rates({ "1h": 14.39, "5m": 100 }), a, D30).page).toBe(false);
    expect(evaluateBurnAlerts(rates({ "1h": 100, "5m": 14.39 }), a, D30).page).toBe(false);
    // float noise just under the threshold still counts as reaching it
    expect(evaluateBurnAlerts(rates({ "1h": 14.399999999999999, "5m": 14.4 }), a, D30).page).toBe(true);
  });

  it("pages when 6h and 30m are both at or above 6", () => {
    const at = evaluateBurnAlerts(rates({ "6h": 6, "30m": 6 }), a, D30);
    expect(at.page).toBe(true);
    expect(at.pageWindows?.name).toBe("page_slow");
    expect(evaluateBurnAlerts(rates({ "6h": 5.99, "30m": 6 }), a, D30).page).toBe(false);
    expect(evaluateBurnAlerts(rates({ "6h": 6, "30m": 5.99 }), a, D30).page).toBe(false);
  });

  it("tickets when 3d and 6h are both at or above ticketBurnRate", () => {
    const at = evaluateBurnAlerts(rates({ "3d": 1, "6h": 1 }), a, D30);
    expect(at).toMatchObject({ page: false, ticket: true, pageWindows: null });
    expect(at.ticketWindows).toMatchObject({ long: "3d", short: "6h", longSeconds: 259200, shortSeconds: 21600 });
    expect(evaluateBurnAlerts(rates({ "3d": 0.99, "6h": 50 }), a, D30).ticket).toBe(false);
    expect(evaluateBurnAlerts(rates({ "3d": 2, "6h": 0.5 }), { pageBurnRate: 14.4, ticketBurnRate: 0.5 }, D30).ticket).toBe(true);
  });

  it("reports every rule and the scaled lookbacks of the SLO window", () => {
    const all = evaluateBurnAlerts(rates({ "5m": 20, "30m": 20, "1h": 20, "6h": 20, "1d": 20, "3d": 20 }), a, 86_400);
    expect(all).toMatchObject({ page: true, ticket: true });
    expect(all.rules.map((r) => [r.name, r.firing, r.longSeconds, r.shortSeconds])).toEqual([
      ["page_fast", true, 120, 10],
      ["page_slow", true, 720, 60],
      ["ticket", true, 8640, 720],
    ]);
    expect(evaluateBurnAlerts(rates(), a, D30)).toMatchObject({ page: false, ticket: false, pageWindows: null, ticketWindows: null });
  });

  it("uses a custom pageBurnRate for the fast rule only", () => {
    const custom = { pageBurnRate: 20, ticketBurnRate: 1 };
    expect(evaluateBurnAlerts(rates({ "1h": 15, "5m": 15 }), custom, D30).page).toBe(false);
    expect(evaluateBurnAlerts(rates({ "6h": 6, "30m": 6 }), custom, D30).page).toBe(true);
  });
});

describe("shouldTripBreaker", () => {
  it("trips while both 1h and 5m burn at least the trip threshold", () => {
    expect(shouldTripBreaker({ burnRates: rates({ "1h": 10, "5m": 10 }) }, 10)).toBe(true);
    expect(shouldTripBreaker({ burnRates: rates({ "1h": 9.9, "5m": 50 }) }, 10)).toBe(false);
    expect(shouldTripBreaker({ burnRates: rates({ "1h": 50, "5m": 9.9 }) }, 10)).toBe(false);
    expect(shouldTripBreaker({ burnRates: rates({ "1h": 1e9, "5m": 1e9 }) }, null)).toBe(false);
    expect(BURN_WINDOWS).toHaveLength(6);
  });
});
