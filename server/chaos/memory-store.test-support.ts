// Test support for the runner's unit tests only: an in-memory ExperimentStore with the
// repository's semantics (the real repository has its own integration test on both databases).
import type { ExperimentStatus } from "@/lib/engine/chaos/state-machine";
import type { ExperimentPatch, ExperimentRecord } from "../persistence/repos/experiments";
import type { ExperimentStore } from "./ports";

const copy = <T>(v: T): T => structuredClone(v);

export class MemoryExperimentStore implements ExperimentStore {
  readonly rows = new Map<string, ExperimentRecord>();
  /** While true, every call rejects (the database is down). */
  failing = false;

  private check(): void {
    if (this.failing) throw new Error("database unavailable");
  }

  async create(rec: ExperimentRecord): Promise<ExperimentRecord> {
    this.check();
    if (this.rows.has(rec.id)) throw new Error(`duplicate id ${rec.id}`);
    this.rows.set(rec.id, copy(rec));
    return copy(rec);
  }

  async get(id: string): Promise<ExperimentRecord | null> {
    this.check();
    const r = this.rows.get(id);
    return r ? copy(r) : null;
  }

  async list(opts: { status?: ExperimentStatus[]; service?: string; limit?: number } = {}): Promise<ExperimentRecord[]> {
    this.check();
    return [...this.rows.values()]
      .filter((r) => (!opts.status || opts.status.includes(r.status)) && (!opts.service || r.definition.service === opts.service))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
      .slice(0, opts.limit ?? 100)
      .map(copy);
  }

  async update(id: string, patch: ExperimentPatch, onlyFrom?: ExperimentStatus[]): Promise<ExperimentRecord | null> {
    this.check();
    const r = this.rows.get(id);
    if (!r || (onlyFrom && !onlyFrom.includes(r.status))) return null;
    const next = { ...r, ...copy(patch) };
    this.rows.set(id, next);
    return copy(next);
  }

  async abortLeftovers(instanceId: string, at: Date): Promise<ExperimentRecord[]> {
    this.check();
    const out: ExperimentRecord[] = [];
    for (const r of this.rows.values()) {
      if (r.instanceId !== instanceId || (r.status !== "scheduled" && r.status !== "running")) continue;
      const next: ExperimentRecord = { ...r, status: "aborted", endedAt: at, stopReason: { type: "restart" } };
      this.rows.set(r.id, next);
      out.push(copy(next));
    }
    return out;
  }
}
