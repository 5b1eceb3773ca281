// The demo's ready-made chaos experiment: 60 % of `healthy`'s requests answer 503 for 2 minutes,
// enough for its breaker (50 % failures) to open; stops by itself if 90 % of all its answers fail
// over 30 s. Written to a file, never started by the demo: an operator starts it (docs/CHAOS.md).
import { writeFileSync } from "node:fs";
import { experimentCreateSchema, type ExperimentCreateInput } from "../../lib/contracts/experiments";
import { describeExperiment } from "../../lib/engine/chaos/summary";

export const DEMO_EXPERIMENT: ExperimentCreateInput = {
  name: "healthy answers 503",
  service: "healthy",
  faults: [{ type: "error", status: 503, percent: 100, body: "injected by the demo experiment" }],
  target: { percent: 60 },
  durationSeconds: 120,
  stopConditions: [{ type: "error_rate", above: 90, windowSeconds: 30 }],
  hypothesis: { breakerOpensWithinSeconds: 30, maxErrorRate: 75 },
};

/** Writes the definition (checked against the API's schema) and returns its one-line summary. */
export function writeDemoExperiment(file: string): string {
  const def = experimentCreateSchema.parse(DEMO_EXPERIMENT);
  writeFileSync(file, `${JSON.stringify(DEMO_EXPERIMENT, null, 2)}\n`);
  return describeExperiment(def);
}
