import { describe, expect, it } from "vitest";
import { build, check, initialValues, place, summary, type Values } from "./experiment-form-model";

const slos = [
  { id: "slo-1", name: "checkout", service: "payments" },
  { id: "slo-2", name: "stock", service: "inventory" },
];
const base = (over: Partial<Values> = {}): Values => ({ ...initialValues(["payments", "inventory"], slos), name: "payments answers 503", ...over });

describe("experiment form model", () => {
  it("starts as the issue's example and says it in plain words, SLOs by name", () => {
    const v = base();
    expect(check(v)).toEqual({});
    expect(summary(v, slos)).toBe("for 5 min, 20 % of `payments` requests get HTTP 503; stops if the SLO `checkout` burns above 14.4×");
    expect(build(v).body).toEqual({
      name: "payments answers 503",
      service: "payments",
      faults: [{ type: "error", percent: 100, status: 503 }],
      target: { percent: 20 },
      durationSeconds: 300,
      stopConditions: [{ type: "slo_burn", slo: "slo-1", above: 14.4 }],
      hypothesis: { breakerOpensWithinSeconds: 30 },
    });
  });

  it("follows every change in the summary (faults, scope, stop conditions)", () => {
    const v = base({
      "fault.latency.on": true,
      "fault.latency.ms": "800",
      "fault.latency.jitterMs": "100",
      "fault.error.percent": "50",
      "target.percent": "",
      "target.users": "alice, bob\ncarol",
      duration: "90",
      durationUnit: "s",
      "stop.slo_burn.on": false,
      "stop.error_rate.on": true,
    });
    expect(summary(v, slos)).toBe(
      "for 1 min 30 s, of `payments` requests from users `alice`, `bob`, `carol`: 100 % are delayed by 800 ms (± 100 ms), 50 % get HTTP 503; stops if the error rate is above 50 % over 1 min",
    );
    expect(build(v).body.faults.map((f) => f.type)).toEqual(["latency", "error"]);
  });

  it("names the form's fields in every message: empty, not a number, out of range", () => {
    const v = base({ "fault.error.status": "", "target.percent": "many", duration: "5", durationUnit: "s", "stop.slo_burn.above": "0" });
    const errors = place(check(v), v);
    expect(errors["fault.error.status"]).toBe("is required");
    expect(errors["target.percent"]).toBe("must be a number");
    expect(errors.duration).toMatch(/at least 10/);
    expect(errors["stop.slo_burn.above"]).toMatch(/above 0/);
    expect(errors.name).toBeUndefined();
  });

  it("asks for a fault when none is on, and leaves optional fields out when empty", () => {
    const v = base({ "fault.error.on": false, "hypothesis.breakerOpensWithinSeconds": "" });
    expect(check(v).faults).toMatch(/at least one fault/);
    expect(summary(v, slos)).toBeNull();
    expect(build(v).body).not.toHaveProperty("hypothesis");
  });

  it("puts the server's list paths on the fields the form shows", () => {
    const v = base({ "fault.latency.on": true, "stop.error_rate.on": true });
    const placed = place({ "faults.0.ms": "must be at most 600000 ms", "faults.1.status": "must be at least 500", "stopConditions.1.windowSeconds": "must be at least 10 s", "target.users.2": "must not be empty", durationSeconds: "must be at most 3600 s" }, v);
    expect(placed).toEqual({
      "fault.latency.ms": "must be at most 600000 ms",
      "fault.error.status": "must be at least 500",
      "stop.error_rate.windowSeconds": "must be at least 10 s",
      "target.users": "must not be empty",
      duration: "must be at most 3600 s",
    });
  });

  it("sends a start time in the browser's zone as an ISO instant", () => {
    const body = build(base({ startAt: "2030-01-02T03:04" })).body;
    expect(body.startAt).toBe(new Date(2030, 0, 2, 3, 4).toISOString());
  });
});
