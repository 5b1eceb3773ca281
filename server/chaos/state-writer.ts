// Writes each experiment's latest state to the repository, one write at a time, newest state
// wins. A failed write stays pending and is retried on the next flush; a write the repository
// refuses (the stored experiment already ended, e.g. stopped from another instance) is reported.
import { isFinalStatus, type ExperimentStatus } from "@/lib/engine/chaos/state-machine";
import type { ExperimentRecord } from "../persistence/repos/experiments";
import type { LiveExperiment } from "./live-experiment";
import type { ExperimentStore } from "./ports";

const ACTIVE: ExperimentStatus[] = ["scheduled", "running"];

export interface StateWriterHooks {
  /** The experiment's current in-memory state (undefined: forgotten). */
  find(id: string): LiveExperiment | undefined;
  /** Its final state is stored: the runner may forget it. */
  settled(exp: LiveExperiment): void;
  /** The stored experiment had already ended (stored: as it is now). */
  endedElsewhere(exp: LiveExperiment, stored: ExperimentRecord | null): Promise<void>;
  onError(error: unknown): void;
}

export class StateWriter {
  private readonly dirty = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private writing = false;

  constructor(
    private readonly store: ExperimentStore,
    private readonly hooks: StateWriterHooks,
  ) {}

  mark(id: string): void {
    this.dirty.add(id);
  }

  get pending(): number {
    return this.dirty.size;
  }

  get busy(): boolean {
    return this.writing;
  }

  /** Writes everything marked so far; resolves once those writes were tried. */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.flushOnce());
    return this.chain;
  }

  private async flushOnce(): Promise<void> {
    this.writing = true;
    try {
      for (const id of [...this.dirty]) {
        this.dirty.delete(id);
        const exp = this.hooks.find(id);
        if (exp) await this.write(exp);
      }
    } finally {
      this.writing = false;
    }
  }

  private async write(exp: LiveExperiment): Promise<void> {
    const final = isFinalStatus(exp.status);
    try {
      const stored = await this.store.update(exp.id, exp.patch(), ACTIVE);
      if (stored === null) await this.hooks.endedElsewhere(exp, await this.store.get(exp.id));
      else if (final && !this.dirty.has(exp.id)) this.hooks.settled(exp);
    } catch (error) {
      this.dirty.add(exp.id);
      this.hooks.onError(error);
    }
  }
}
