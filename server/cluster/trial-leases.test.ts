import { describe, expect, it } from "vitest";
import { DEFAULT_BREAKER_OPTIONS } from "@/lib/engine/breaker/options";
import { FakeClock } from "@/lib/engine/fake-clock";
import { mergedTripReason } from "./merged-trip";
import { TRIAL_LEASE_MS, TrialLeases, trialLeaseMs } from "./trial-leases";

describe("cluster trial leases and the half-open timeout", () => {
  it("a lease never outlives the breaker's half-open limit", () => {
    expect(trialLeaseMs(0)).toBe(TRIAL_LEASE_MS);
    expect(trialLeaseMs(60_000)).toBe(TRIAL_LEASE_MS);
    expect(trialLeaseMs(2_000)).toBe(2_000);
  });

  it("a lease held for a trial voided by half_open_timeout is given back, and its late release is a no-op", () => {
    const clock = new FakeClock();
    const leases = new TrialLeases(clock);
    leases.add("svc", "a:1", trialLeaseMs(5_000));
    leases.add("svc", "a:2", trialLeaseMs(5_000));
    leases.add("other", "a:3", trialLeaseMs(5_000));
    clock.advance(4_000);
    expect(leases.remove("svc", "a:2")).toBe(true); // a trial that ended normally
    // the breaker re-opens (half_open_timeout): what is still held for it must be released
    expect(leases.voidAll("svc")).toEqual(["a:1"]);
    expect(leases.count("svc")).toBe(0);
    expect(leases.remove("svc", "a:1")).toBe(false); // the stuck request finally ends: nothing to give back
    expect(leases.count("other")).toBe(1);
  });

  it("counts only unexpired leases, but gives back every one when voided (an expired one may still sit in Redis)", () => {
    const clock = new FakeClock();
    const leases = new TrialLeases(clock);
    leases.add("svc", "a:1", 1_000);
    clock.advance(1_000);
    expect(leases.count("svc")).toBe(0);
    expect(leases.voidAll("svc")).toEqual(["a:1"]);
    expect(leases.voidAll("svc")).toEqual([]);
  });
});

describe("the cluster's merged-window trip uses the engine's trip rule", () => {
  const o = { ...DEFAULT_BREAKER_OPTIONS, minimumCalls: 10, failureRateThreshold: 50, consecutiveFailures: 3 };
  const now = 100_000;

  it("trips on the merged counts at exactly the threshold, with a quorum of instances over it", () => {
    const windows = [
      { calls: 6, failures: 3, slow: 0, at: now },
      { calls: 4, failures: 2, slow: 0, at: now },
    ];
    expect(mergedTripReason(windows, o, 1, now)).toBe("failure_rate");
    expect(mergedTripReason(windows, o, 2, now)).toBe("failure_rate");
    expect(mergedTripReason(windows, o, 3, now)).toBeNull();
  });

  it("ignores stale windows and never applies the consecutive-failure rule", () => {
    expect(mergedTripReason([{ calls: 10, failures: 10, slow: 0, at: now - 6_000 }], o, 1, now)).toBeNull();
    expect(mergedTripReason([{ calls: 3, failures: 3, slow: 0, consecutiveFailures: 3, at: now }], o, 1, now)).toBeNull();
  });
});
