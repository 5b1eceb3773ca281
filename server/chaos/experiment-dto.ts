// An experiment as the API and the `experiment:updated` event show it.
import type { ExperimentDto } from "@/lib/contracts/experiments";
import { emptyObserved, type Observed } from "@/lib/engine/chaos/observation";
import { describeExperiment, type SloNameOf } from "@/lib/engine/chaos/summary";
import type { ExperimentRecord } from "../persistence/repos/experiments";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * `observed` overrides the stored figures (a running experiment's live counts); `sloName` names the
 * SLOs in the summary (by id when unknown).
 */
export function experimentDto(rec: ExperimentRecord, observed?: Observed, sloName?: SloNameOf): ExperimentDto {
  const d = rec.definition;
  return {
    id: rec.id,
    name: d.name,
    service: d.service,
    faults: d.faults,
    ...(d.target ? { target: d.target } : {}),
    durationSeconds: d.durationSeconds,
    stopConditions: d.stopConditions,
    startAt: iso(rec.startAt),
    status: rec.status,
    summary: describeExperiment(d, sloName),
    createdBy: rec.createdBy,
    createdAt: rec.createdAt.toISOString(),
    startedAt: iso(rec.startedAt),
    endedAt: iso(rec.endedAt),
    ...(rec.stopReason ? { stopReason: rec.stopReason } : {}),
    observed: observed ?? rec.observed ?? emptyObserved(),
    ...(d.hypothesis
      ? { hypothesis: { ...d.hypothesis, held: rec.hypothesisResult?.held ?? null, clauses: rec.hypothesisResult?.clauses ?? [] } }
      : {}),
  };
}
