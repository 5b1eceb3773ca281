/** An experiment's life: scheduled → running → completed | stopped | aborted. */
export type ExperimentStatus = "scheduled" | "running" | "completed" | "stopped" | "aborted";

export const EXPERIMENT_STATUSES: readonly ExperimentStatus[] = ["scheduled", "running", "completed", "stopped", "aborted"];

/**
 * Every allowed transition; anything else throws `InvalidExperimentTransitionError`.
 * A scheduled experiment can be stopped (by an operator) or aborted (restart, conflict) before it
 * starts. completed, stopped and aborted are final.
 */
export const EXPERIMENT_TRANSITIONS: Readonly<Record<ExperimentStatus, readonly ExperimentStatus[]>> = Object.freeze({
  scheduled: ["running", "stopped", "aborted"],
  running: ["completed", "stopped", "aborted"],
  completed: [],
  stopped: [],
  aborted: [],
});

export class InvalidExperimentTransitionError extends Error {
  constructor(
    readonly from: ExperimentStatus,
    readonly to: ExperimentStatus,
  ) {
    super(`invalid experiment transition ${from} → ${to}`);
    this.name = "InvalidExperimentTransitionError";
  }
}

export function isAllowedExperimentTransition(from: ExperimentStatus, to: ExperimentStatus): boolean {
  return EXPERIMENT_TRANSITIONS[from].includes(to);
}

export function assertExperimentTransition(from: ExperimentStatus, to: ExperimentStatus): void {
  if (!isAllowedExperimentTransition(from, to)) throw new InvalidExperimentTransitionError(from, to);
}

export function isFinalStatus(status: ExperimentStatus): boolean {
  return EXPERIMENT_TRANSITIONS[status].length === 0;
}

/** Active = may still inject faults (scheduled or running). */
export function isActiveStatus(status: ExperimentStatus): boolean {
  return status === "scheduled" || status === "running";
}
