import { describe, expect, it } from "vitest";
import { describeExperiment, formatDuration } from "./summary";

describe("describeExperiment", () => {
  it("says what happens to whom and when it stops, in one sentence", () => {
    expect(
      describeExperiment({
        service: "payments",
        faults: [{ type: "error", percent: 100, status: 503 }],
        target: { percent: 20 },
        durationSeconds: 300,
        stopConditions: [{ type: "slo_burn", slo: "payments-availability", above: 14.4 }],
      }),
    ).toBe("for 5 min, 20 % of `payments` requests get HTTP 503; stops if the SLO `payments-availability` burns above 14.4×");
  });

  it("lists several faults with their effective shares, the scope and every stop condition", () => {
    expect(
      describeExperiment({
        service: "search",
        faults: [
          { type: "latency", percent: 50, ms: 300, jitterMs: 50 },
          { type: "abort", percent: 10 },
          { type: "bandwidth", percent: 100, bytesPerSecond: 10_000 },
        ],
        target: { percent: 50, header: { name: "x-chaos", value: "on" }, users: ["a", "b", "c", "d", "e"] },
        durationSeconds: 90,
        stopConditions: [
          { type: "error_rate", above: 5, windowSeconds: 60 },
          { type: "slo_burn", slo: "s", above: 6 },
        ],
      }),
    ).toBe(
      "for 1 min 30 s, of `search` requests with header `x-chaos: on` from users `a`, `b`, `c` and 2 more: 25 % are delayed by 300 ms (± 50 ms), " +
        "5 % have the upstream connection reset, 50 % have the response throttled to 10 kB/s; " +
        "stops if the error rate is above 5 % over 1 min or the SLO `s` burns above 6×",
    );
  });

  it("names SLOs by name where the lookup knows them, by id where it does not (a deleted SLO)", () => {
    const names: Record<string, string> = { "slo-7f3a": "checkout availability" };
    const def = {
      service: "payments",
      faults: [{ type: "error" as const, percent: 100, status: 503 }],
      durationSeconds: 300,
      stopConditions: [
        { type: "slo_burn" as const, slo: "slo-7f3a", above: 14.4 },
        { type: "slo_burn" as const, slo: "slo-gone", above: 6 },
      ],
    };
    expect(describeExperiment(def, (id) => names[id])).toBe(
      "for 5 min, 100 % of `payments` requests get HTTP 503; stops if the SLO `checkout availability` burns above 14.4× or the SLO `slo-gone` burns above 6×",
    );
    expect(describeExperiment(def)).toBe("for 5 min, 100 % of `payments` requests get HTTP 503; stops if the SLO `slo-7f3a` burns above 14.4× or the SLO `slo-gone` burns above 6×");
  });

  it("has no stop clause without stop conditions", () => {
    expect(describeExperiment({ service: "x", faults: [{ type: "latency", percent: 12.5, ms: 40 }], durationSeconds: 3600, stopConditions: [] })).toBe(
      "for 1 h, 12.5 % of `x` requests are delayed by 40 ms",
    );
  });
});

describe("formatDuration", () => {
  it.each([
    [10, "10 s"],
    [60, "1 min"],
    [3660, "1 h 1 min"],
    [3725, "1 h 2 min 5 s"],
    [0, "0 s"],
  ])("%s s → %s", (s, text) => expect(formatDuration(s)).toBe(text));
});
