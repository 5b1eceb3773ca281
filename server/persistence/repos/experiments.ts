// Chaos experiments: the definition and the results, JSON in text columns (both providers).
import type { Db } from "../client";
import type { ExperimentStatus } from "@/lib/engine/chaos/state-machine";
import type { ExperimentDefinition, StopReason } from "@/lib/engine/chaos/types";
import type { Observed } from "@/lib/engine/chaos/observation";
import type { HypothesisVerdict } from "@/lib/engine/chaos/hypothesis";

export interface ExperimentRecord {
  id: string;
  definition: ExperimentDefinition;
  status: ExperimentStatus;
  createdBy: string;
  createdAt: Date;
  /** When it is (or was) due to start; null = at creation. */
  startAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  stopReason: StopReason | null;
  observed: Observed | null;
  hypothesisResult: HypothesisVerdict | null;
  /** The instance that runs it. */
  instanceId: string;
}

/** What changes over an experiment's life. */
export type ExperimentPatch = Partial<Pick<ExperimentRecord, "status" | "startedAt" | "endedAt" | "stopReason" | "observed" | "hypothesisResult">>;

interface ExperimentRow {
  id: string;
  name: string;
  service: string;
  definition: string;
  status: string;
  createdBy: string;
  createdAt: Date;
  startAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  stopReason: string | null;
  observed: string | null;
  hypothesisResult: string | null;
  instanceId: string;
}

const ACTIVE: ExperimentStatus[] = ["scheduled", "running"];
const json = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));
const text = (v: unknown): string | null => (v === null ? null : JSON.stringify(v));

function toRecord(r: ExperimentRow): ExperimentRecord {
  return {
    id: r.id,
    definition: JSON.parse(r.definition) as ExperimentDefinition,
    status: r.status as ExperimentStatus,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    startAt: r.startAt,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    stopReason: json<StopReason>(r.stopReason),
    observed: json<Observed>(r.observed),
    hypothesisResult: json<HypothesisVerdict>(r.hypothesisResult),
    instanceId: r.instanceId,
  };
}

function patchData(p: ExperimentPatch) {
  return {
    ...(p.status !== undefined ? { status: p.status } : {}),
    ...(p.startedAt !== undefined ? { startedAt: p.startedAt } : {}),
    ...(p.endedAt !== undefined ? { endedAt: p.endedAt } : {}),
    ...(p.stopReason !== undefined ? { stopReason: text(p.stopReason) } : {}),
    ...(p.observed !== undefined ? { observed: text(p.observed) } : {}),
    ...(p.hypothesisResult !== undefined ? { hypothesisResult: text(p.hypothesisResult) } : {}),
  };
}

export function createExperimentsRepo(db: Db) {
  return {
    async create(rec: ExperimentRecord): Promise<ExperimentRecord> {
      const row = await db.experiment.create({
        data: {
          id: rec.id,
          name: rec.definition.name,
          service: rec.definition.service,
          definition: JSON.stringify(rec.definition),
          status: rec.status,
          createdBy: rec.createdBy,
          createdAt: rec.createdAt,
          startAt: rec.startAt,
          startedAt: rec.startedAt,
          endedAt: rec.endedAt,
          stopReason: text(rec.stopReason),
          observed: text(rec.observed),
          hypothesisResult: text(rec.hypothesisResult),
          instanceId: rec.instanceId,
        },
      });
      return toRecord(row);
    },
    async get(id: string): Promise<ExperimentRecord | null> {
      const row = await db.experiment.findUnique({ where: { id } });
      return row ? toRecord(row) : null;
    },
    /** Newest first; `status` keeps only those statuses. */
    async list(opts: { status?: ExperimentStatus[]; service?: string; limit?: number } = {}): Promise<ExperimentRecord[]> {
      const rows = await db.experiment.findMany({
        where: { ...(opts.status ? { status: { in: opts.status } } : {}), ...(opts.service ? { service: opts.service } : {}) },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: opts.limit ?? 100,
      });
      return rows.map(toRecord);
    },
    /**
     * Applies the patch. With `onlyFrom`, only while the stored status is one of those (so a final
     * status is never overwritten by a late write); returns null when nothing matched.
     */
    async update(id: string, patch: ExperimentPatch, onlyFrom?: ExperimentStatus[]): Promise<ExperimentRecord | null> {
      const r = await db.experiment.updateMany({ where: { id, ...(onlyFrom ? { status: { in: onlyFrom } } : {}) }, data: patchData(patch) });
      if (r.count === 0) return null;
      const row = await db.experiment.findUnique({ where: { id } });
      return row ? toRecord(row) : null;
    },
    /**
     * Every experiment this instance left scheduled or running (it crashed or stopped) becomes
     * aborted with reason restart; they never resume. Returns them as stored now.
     */
    async abortLeftovers(instanceId: string, at: Date): Promise<ExperimentRecord[]> {
      const leftovers = await db.experiment.findMany({ where: { instanceId, status: { in: ACTIVE } }, select: { id: true } });
      if (leftovers.length === 0) return [];
      const ids = leftovers.map((l) => l.id);
      await db.experiment.updateMany({
        where: { id: { in: ids }, status: { in: ACTIVE } },
        data: { status: "aborted", endedAt: at, stopReason: text({ type: "restart" } satisfies StopReason) },
      });
      const rows = await db.experiment.findMany({ where: { id: { in: ids } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      return rows.map(toRecord);
    },
  };
}
export type ExperimentsRepo = ReturnType<typeof createExperimentsRepo>;
