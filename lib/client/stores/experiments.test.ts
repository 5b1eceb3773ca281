import { beforeEach, describe, expect, it } from "vitest";
import type { ExperimentDto } from "@/lib/contracts/experiments";
import { emptyObserved } from "@/lib/engine/chaos/observation";
import { plannedEnd, useExperiments } from "./experiments";

const exp = (id: string, status: ExperimentDto["status"], over: Partial<ExperimentDto> = {}): ExperimentDto => ({
  id,
  name: `exp ${id}`,
  service: "payments",
  faults: [{ type: "error", percent: 100, status: 503 }],
  durationSeconds: 60,
  stopConditions: [],
  startAt: null,
  status,
  summary: "",
  createdBy: "olga",
  createdAt: "2026-11-30T10:00:00.000Z",
  startedAt: status === "scheduled" ? null : "2026-11-30T10:00:00.000Z",
  endedAt: null,
  observed: emptyObserved(),
  ...over,
});

describe("experiments store", () => {
  beforeEach(() => useExperiments.setState({ byId: {} }));

  it("never moves an experiment back: a late 'running' copy does not undo a stop", () => {
    const s = useExperiments.getState();
    s.upsert([exp("a", "running")]);
    s.upsert([exp("a", "stopped")]);
    s.upsert([exp("a", "running", { observed: { ...emptyObserved(), requests: 99 } })]);
    expect(useExperiments.getState().byId.a?.status).toBe("stopped");
    // newer figures of the same status are taken
    s.upsert([exp("a", "stopped", { observed: { ...emptyObserved(), requests: 7 } })]);
    expect(useExperiments.getState().byId.a?.observed.requests).toBe(7);
  });

  it("drops active experiments a fresh active list no longer has (they ended while offline), keeps ended ones", () => {
    const s = useExperiments.getState();
    s.upsert([exp("a", "running"), exp("b", "completed"), exp("c", "scheduled")]);
    s.syncActive([exp("c", "running")]);
    const byId = useExperiments.getState().byId;
    expect(Object.keys(byId).sort()).toEqual(["b", "c"]);
    expect(byId.c?.status).toBe("running");
  });

  it("plans the end from the start and the duration", () => {
    expect(plannedEnd(exp("a", "running"))).toBe(Date.parse("2026-11-30T10:01:00.000Z"));
    expect(plannedEnd(exp("a", "scheduled"))).toBeNull();
  });
});
