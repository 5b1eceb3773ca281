import { describe, expect, it } from "vitest";
import { zodIssuesToDetails } from "./errors";
import { experimentCreateSchema, experimentDtoSchema, experimentListQuerySchema } from "./experiments";

const valid = {
  name: "payments 503s",
  service: "payments",
  faults: [{ type: "error", percent: 100, status: 503 }],
  target: { percent: 20, header: { name: "X-Chaos", value: "on" }, users: ["alice"] },
  durationSeconds: 300,
  stopConditions: [{ type: "slo_burn", slo: "payments-availability", above: 14.4 }],
  hypothesis: { breakerOpensWithinSeconds: 30, maxErrorRate: 25 },
  startAt: "2026-12-01T10:00:00Z",
};

function details(body: unknown) {
  const r = experimentCreateSchema.safeParse(body);
  if (r.success) throw new Error("expected a validation failure");
  return Object.fromEntries(zodIssuesToDetails(r.error.issues).map((d) => [d.path, d.message]));
}

describe("experimentCreateSchema", () => {
  it("accepts a full experiment and fills defaults (fault percent 100, no stop conditions)", () => {
    expect(experimentCreateSchema.parse(valid)).toEqual(valid);
    expect(experimentCreateSchema.parse({ name: "x", service: "s", faults: [{ type: "abort" }], durationSeconds: 10 })).toEqual({
      name: "x",
      service: "s",
      faults: [{ type: "abort", percent: 100 }],
      durationSeconds: 10,
      stopConditions: [],
    });
  });

  it("names every bad field at once", () => {
    const d = details({
      name: "",
      service: "Bad Name",
      faults: [{ type: "nope" }, { type: "latency", ms: -1, extra: 1 }, { type: "bandwidth", bytesPerSecond: 10 }, { type: "error", status: 404, percent: 101 }],
      target: { percent: 101, header: { name: "bad name", value: "ok" }, users: [] },
      durationSeconds: 5,
      stopConditions: [{ type: "slo_burn", slo: "x", above: 0 }, { type: "error_rate", above: 5 }, {}],
      hypothesis: {},
      startAt: "tomorrow",
      bogus: true,
    });
    expect(Object.keys(d).sort()).toEqual(
      [
        "name",
        "service",
        "faults.0.type",
        "faults.1.ms",
        "faults.1.extra",
        "faults.2.bytesPerSecond",
        "faults.3.status",
        "faults.3.percent",
        "target.percent",
        "target.header.name",
        "target.users",
        "durationSeconds",
        "stopConditions.0.above",
        "stopConditions.1.windowSeconds",
        "stopConditions.2.type",
        "hypothesis",
        "startAt",
        "bogus",
      ].sort(),
    );
    expect(d["faults.1.extra"]).toBe("is not a known field");
    expect(d["faults.0.type"]).toMatch(/latency, error, abort or bandwidth/);
    expect(d.durationSeconds).toBe("must be at least 10 s");
  });

  it("bounds every number", () => {
    const d = details({
      ...valid,
      faults: [{ type: "latency", ms: 600_001, jitterMs: 1.5 }, { type: "error", status: 600 }],
      target: { percent: -1 },
      durationSeconds: 3601,
      stopConditions: [{ type: "error_rate", above: 100.5, windowSeconds: 3601 }, { type: "slo_burn", slo: "s", above: 10_001 }],
      hypothesis: { breakerOpensWithinSeconds: 0, sloRemainingAbove: { slo: "s", percent: 200 }, maxErrorRate: -3 },
    });
    expect(Object.keys(d).sort()).toEqual(
      [
        "faults.0.ms",
        "faults.0.jitterMs",
        "faults.1.status",
        "target.percent",
        "durationSeconds",
        "stopConditions.0.above",
        "stopConditions.0.windowSeconds",
        "stopConditions.1.above",
        "hypothesis.breakerOpensWithinSeconds",
        "hypothesis.sloRemainingAbove.percent",
        "hypothesis.maxErrorRate",
      ].sort(),
    );
  });

  it("refuses the same fault type twice, naming the second", () => {
    expect(details({ ...valid, faults: [{ type: "latency", ms: 5 }, { type: "latency", ms: 9 }] })).toEqual({
      "faults.1.type": "lists latency twice: give each fault type once",
    });
  });

  it("refuses non-numbers, an empty fault list and a non-object body", () => {
    expect(details({ ...valid, durationSeconds: "300", faults: [] })).toMatchObject({ durationSeconds: expect.any(String), faults: "must list at least one fault" });
    expect(details("x")).toEqual({ "(body)": expect.any(String) });
  });
});

describe("experimentListQuerySchema", () => {
  it("takes one or more statuses and a limit", () => {
    expect(experimentListQuerySchema.parse({})).toEqual({ limit: 100 });
    expect(experimentListQuerySchema.parse({ status: "running, scheduled", limit: "20" })).toEqual({ status: ["running", "scheduled"], limit: 20 });
  });

  it("names a bad status and limit", () => {
    const r = experimentListQuerySchema.safeParse({ status: "running,bogus", limit: "0", other: "1" });
    expect(r.success).toBe(false);
    expect(zodIssuesToDetails(r.error!.issues).map((d) => d.path).sort()).toEqual(["limit", "other", "status"]);
  });
});

describe("experimentDtoSchema", () => {
  it("describes a finished experiment", () => {
    const dto = {
      id: "exp_1",
      ...experimentCreateSchema.parse(valid),
      status: "stopped",
      summary: "for 5 min, …",
      createdBy: "alice",
      createdAt: "2026-12-01T09:00:00.000Z",
      startedAt: "2026-12-01T10:00:00.000Z",
      endedAt: "2026-12-01T10:01:00.000Z",
      stopReason: { type: "slo_burn", slo: "payments-availability", above: 14.4, value: 20 },
      observed: {
        requests: 10,
        inScope: 2,
        injected: { latency: 0, error: 2, abort: 0, bandwidth: 0 },
        responses: 10,
        errors: 2,
        errorRate: 20,
        breakerTransitions: [],
        droppedTransitions: 0,
        sloRemaining: { start: 90, end: 80 },
      },
      hypothesis: { breakerOpensWithinSeconds: 30, maxErrorRate: 25, held: false, clauses: [{ clause: "maxErrorRate", expected: 25, observed: 20, held: true }] },
    };
    expect(experimentDtoSchema.parse(dto)).toEqual(dto);
  });
});
