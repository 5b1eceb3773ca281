import { describe, expect, it } from "vitest";
import {
  assertExperimentTransition,
  EXPERIMENT_STATUSES,
  InvalidExperimentTransitionError,
  isActiveStatus,
  isAllowedExperimentTransition,
  isFinalStatus,
  type ExperimentStatus,
} from "./state-machine";

const allowed: [ExperimentStatus, ExperimentStatus][] = [
  ["scheduled", "running"],
  ["scheduled", "stopped"],
  ["scheduled", "aborted"],
  ["running", "completed"],
  ["running", "stopped"],
  ["running", "aborted"],
];

describe("experiment state machine", () => {
  it("allows exactly the listed transitions and throws on every other", () => {
    for (const from of EXPERIMENT_STATUSES) {
      for (const to of EXPERIMENT_STATUSES) {
        const ok = allowed.some(([a, b]) => a === from && b === to);
        expect(isAllowedExperimentTransition(from, to), `${from} → ${to}`).toBe(ok);
        if (ok) expect(() => assertExperimentTransition(from, to)).not.toThrow();
        else expect(() => assertExperimentTransition(from, to)).toThrow(InvalidExperimentTransitionError);
      }
    }
  });

  it("names both ends in the error", () => {
    expect(() => assertExperimentTransition("completed", "running")).toThrow("invalid experiment transition completed → running");
  });

  it("has final and active statuses", () => {
    expect(EXPERIMENT_STATUSES.filter(isFinalStatus)).toEqual(["completed", "stopped", "aborted"]);
    expect(EXPERIMENT_STATUSES.filter(isActiveStatus)).toEqual(["scheduled", "running"]);
  });
});
