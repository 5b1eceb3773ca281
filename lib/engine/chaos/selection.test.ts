import { describe, expect, it } from "vitest";
import { chance, FaultSelector, type ChaosRequest } from "./selection";
import type { ChaosTarget, Fault } from "./types";
import { noDraws, seededRandom } from "./seeded-random.test-support";

const req = (headers: ChaosRequest["headers"] = {}, userKey?: string): ChaosRequest => ({ headers, ...(userKey !== undefined ? { userKey } : {}) });
const error503: Fault = { type: "error", percent: 100, status: 503 };

function share(selector: FaultSelector, n: number, make: (i: number) => ChaosRequest = () => req()) {
  const counts = { inScope: 0, latency: 0, error: 0, abort: 0, bandwidth: 0 };
  for (let i = 0; i < n; i++) {
    const d = selector.select(make(i));
    if (!d.inScope) continue;
    counts.inScope++;
    for (const f of d.injected) counts[f]++;
  }
  return counts;
}

describe("chance", () => {
  it("is exact at 0 % and 100 % without drawing", () => {
    expect(chance(0, noDraws)).toBe(false);
    expect(chance(100, noDraws)).toBe(true);
  });
  it("compares a draw against the percent", () => {
    expect(chance(20, () => 0.19)).toBe(true);
    expect(chance(20, () => 0.2)).toBe(false);
  });
});

describe("FaultSelector scope", () => {
  it("touches every request at 100 % and none at 0 %, exactly", () => {
    const all = new FaultSelector([error503], { percent: 100 }, noDraws);
    const none = new FaultSelector([error503], { percent: 0 }, noDraws);
    for (let i = 0; i < 1000; i++) {
      expect(all.select(req())).toEqual({ inScope: true, delayMs: 0, terminal: { type: "error", status: 503 }, injected: ["error"] });
      expect(none.select(req())).toEqual({ inScope: false });
    }
  });

  it("puts the target's percent of requests in scope (10 000 draws within ±2 %)", () => {
    const selector = new FaultSelector([error503], { percent: 20 }, seededRandom(1));
    const c = share(selector, 10_000);
    expect(c.inScope / 100).toBeGreaterThan(18);
    expect(c.inScope / 100).toBeLessThan(22);
    expect(c.error).toBe(c.inScope);
  });

  it("matches the header by name in any case and by exact value", () => {
    const target: ChaosTarget = { header: { name: "X-Chaos", value: "on" } };
    const selector = new FaultSelector([error503], target, noDraws);
    expect(selector.select(req({ "x-chaos": "on" })).inScope).toBe(true);
    expect(selector.select(req({ "X-CHAOS": "on" })).inScope).toBe(true);
    expect(selector.select(req({ "x-chaos": ["off", "on"] })).inScope).toBe(true);
    expect(selector.select(req({ "x-chaos": "ON" })).inScope).toBe(false);
    expect(selector.select(req({ "x-chaos": "off" })).inScope).toBe(false);
    expect(selector.select(req({})).inScope).toBe(false);
  });

  it("takes only the listed users, and no request without a user key", () => {
    const selector = new FaultSelector([error503], { users: ["alice", "bob"] }, noDraws);
    expect(selector.select(req({}, "alice")).inScope).toBe(true);
    expect(selector.select(req({}, "bob")).inScope).toBe(true);
    expect(selector.select(req({}, "carol")).inScope).toBe(false);
    expect(selector.select(req({})).inScope).toBe(false);
  });

  it("needs every criterion: header and users, then the percent among those", () => {
    const selector = new FaultSelector([error503], { header: { name: "x-chaos", value: "1" }, users: ["alice"], percent: 50 }, seededRandom(2));
    const c = share(selector, 10_000, (i) => req(i % 2 ? { "x-chaos": "1" } : {}, i % 4 < 2 ? "alice" : "bob"));
    // a quarter of requests match both criteria; half of those are in scope
    expect(c.inScope / 100).toBeGreaterThan(12.5 - 2);
    expect(c.inScope / 100).toBeLessThan(12.5 + 2);
  });
});

describe("FaultSelector faults", () => {
  it("injects each fault in its percent of in-scope requests (10 000 draws within ±2 %)", () => {
    const faults: Fault[] = [
      { type: "latency", percent: 30, ms: 200 },
      { type: "bandwidth", percent: 50, bytesPerSecond: 1000 },
    ];
    const c = share(new FaultSelector(faults, undefined, seededRandom(3)), 10_000);
    expect(c.inScope).toBe(10_000);
    expect(Math.abs(c.latency / 100 - 30)).toBeLessThan(2);
    expect(Math.abs(c.bandwidth / 100 - 50)).toBeLessThan(2);
  });

  it("combines the target's percent with the fault's", () => {
    const c = share(new FaultSelector([{ ...error503, percent: 50 }], { percent: 40 }, seededRandom(4)), 10_000);
    expect(Math.abs(c.error / 100 - 20)).toBeLessThan(2);
  });

  it("adds latency to an error, lets the first terminal fault win and never throttles a terminal answer", () => {
    const faults: Fault[] = [
      { type: "bandwidth", percent: 100, bytesPerSecond: 500 },
      { type: "abort", percent: 100 },
      { type: "error", percent: 100, status: 500, body: "boom" },
      { type: "latency", percent: 100, ms: 250 },
    ];
    expect(new FaultSelector(faults, undefined, noDraws).select(req())).toEqual({
      inScope: true,
      delayMs: 250,
      terminal: { type: "abort" },
      injected: ["latency", "abort"],
    });
    const withError = new FaultSelector([faults[2]!, faults[1]!], undefined, noDraws).select(req());
    expect(withError).toMatchObject({ terminal: { type: "error", status: 500, body: "boom" }, injected: ["error"] });
  });

  it("throttles when the upstream is still called", () => {
    const d = new FaultSelector([{ type: "bandwidth", percent: 100, bytesPerSecond: 2048 }], undefined, noDraws).select(req());
    expect(d).toEqual({ inScope: true, delayMs: 0, bytesPerSecond: 2048, injected: ["bandwidth"] });
  });

  it("spreads latency jitter over ms ± jitterMs, never below 0", () => {
    const selector = new FaultSelector([{ type: "latency", percent: 100, ms: 100, jitterMs: 50 }], undefined, seededRandom(5));
    const delays = Array.from({ length: 2000 }, () => {
      const d = selector.select(req());
      return d.inScope ? d.delayMs : -1;
    });
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...delays)).toBeLessThanOrEqual(150);
    expect(Math.min(...delays)).toBeLessThan(55);
    expect(Math.max(...delays)).toBeGreaterThan(145);
    const low = new FaultSelector([{ type: "latency", percent: 100, ms: 10, jitterMs: 100 }], undefined, () => 0);
    expect(low.select(req())).toMatchObject({ delayMs: 0 });
  });

  it("leaves a request untouched when no fault is drawn", () => {
    expect(new FaultSelector([{ ...error503, percent: 0 }], undefined, noDraws).select(req())).toEqual({ inScope: true, delayMs: 0, injected: [] });
  });
});
