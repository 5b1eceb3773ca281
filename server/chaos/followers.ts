// Experiments run by another instance of the cluster, injected into this instance's traffic too.
// The owning instance keeps the record (status, figures, verdict); a follower only injects (and
// counts in this instance's Prometheus metrics) until the owner says it ended, or its duration is
// over, whichever comes first.
import type { Clock } from "@/lib/engine/clock";
import type { RandomSource } from "@/lib/engine/chaos/types";
import type { ExperimentRecord } from "../persistence/repos/experiments";
import type { ChaosInjector } from "./injector";
import { LiveExperiment } from "./live-experiment";
import type { ChaosFigures, ChaosMetrics } from "./ports";
import type { ChaosScheduler } from "./scheduler";

export interface FollowerDeps {
  clock: Clock;
  scheduler: ChaosScheduler;
  figures: ChaosFigures;
  random?: RandomSource;
  metrics?: ChaosMetrics;
}

export class Followers {
  private readonly byService = new Map<string, LiveExperiment>();
  /** Called after an experiment is followed or ended. */
  onChange: () => void = () => undefined;

  constructor(private readonly deps: FollowerDeps) {}

  get size(): number {
    return this.byService.size;
  }

  injectorFor(service: string): ChaosInjector | undefined {
    return this.byService.get(service)?.injector;
  }

  /**
   * Starts injecting an experiment another instance runs (ignored once ended or over). Its owner
   * may not have stored `running` yet when it says it began: a scheduled one starts now.
   */
  follow(rec: ExperimentRecord): void {
    if (rec.status !== "running" && rec.status !== "scheduled") return;
    const service = rec.definition.service;
    const endsAt = (rec.startedAt?.getTime() ?? this.deps.clock.now()) + rec.definition.durationSeconds * 1000;
    if (this.byService.get(service)?.id === rec.id || endsAt <= this.deps.clock.now()) return;
    this.end(this.byService.get(service)?.id);
    const exp = new LiveExperiment(
      { ...rec, status: "scheduled", startedAt: null, observed: null },
      { clock: this.deps.clock, figures: this.deps.figures, random: this.deps.random ?? Math.random, ...(this.deps.metrics ? { metrics: this.deps.metrics } : {}) },
    );
    exp.begin();
    exp.addTimer(this.deps.scheduler.at(endsAt, () => this.end(rec.id)));
    this.byService.set(service, exp);
    this.onChange();
  }

  /** Stops injecting it (the owner ended it). */
  end(id: string | undefined): void {
    for (const [service, exp] of this.byService) {
      if (exp.id !== id) continue;
      exp.finish({ to: "aborted", reason: { type: "restart" } }); // local copy only: never stored
      this.byService.delete(service);
      this.onChange();
    }
  }

  ids(): string[] {
    return [...this.byService.values()].map((e) => e.id);
  }

  close(): void {
    for (const id of this.ids()) this.end(id);
  }
}
