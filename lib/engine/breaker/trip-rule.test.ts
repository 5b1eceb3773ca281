import { describe, expect, it } from "vitest";
import { DEFAULT_BREAKER_OPTIONS } from "./options";
import { routeTo } from "./transitions";
import { tripReason } from "./trip-rule";

const o = { ...DEFAULT_BREAKER_OPTIONS, failureRateThreshold: 50, slowCallRateThreshold: 80, minimumCalls: 10, consecutiveFailures: 0 };

describe("the trip rule (shared by a breaker and a cluster's merged windows)", () => {
  it("trips at exactly the threshold rate, not below", () => {
    expect(tripReason({ calls: 10, failures: 5, slow: 0 }, o)).toBe("failure_rate");
    expect(tripReason({ calls: 10, failures: 4, slow: 0 }, o)).toBeNull();
    expect(tripReason({ calls: 10, failures: 0, slow: 8 }, o)).toBe("slow_call_rate");
    expect(tripReason({ calls: 10, failures: 5, slow: 10 }, o)).toBe("failure_rate"); // failures first
  });

  it("waits for minimumCalls, or a full window when it holds fewer", () => {
    expect(tripReason({ calls: 9, failures: 9, slow: 0 }, o)).toBeNull();
    expect(tripReason({ calls: 4, failures: 4, slow: 0 }, o, 4)).toBe("failure_rate");
    expect(tripReason({ calls: 0, failures: 0, slow: 0 }, { ...o, minimumCalls: 1 }, 0)).toBeNull();
  });

  it("consecutive failures trip regardless of the window", () => {
    expect(tripReason({ calls: 1, failures: 1, slow: 0, consecutiveFailures: 3 }, { ...o, consecutiveFailures: 3 })).toBe("consecutive_failures");
    expect(tripReason({ calls: 1, failures: 1, slow: 0, consecutiveFailures: 3 }, o)).toBeNull(); // 0 = off
  });
});

describe("routeTo (adopting a state an instance did not see happen)", () => {
  it("takes the table's shortest route", () => {
    expect(routeTo("closed", "open")).toEqual(["open"]);
    expect(routeTo("closed", "half_open")).toEqual(["open", "half_open"]);
    expect(routeTo("forced_open", "open")).toEqual(["closed", "open"]);
    expect(routeTo("forced_closed", "half_open")).toEqual(["half_open"]); // an override lifted to half-open
    expect(routeTo("forced_closed", "open")).toEqual(["closed", "open"]);
  });
});
