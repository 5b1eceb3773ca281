// One experiment held in memory by the runner: its record, timers, counters and injector.
import type { Clock } from "@/lib/engine/clock";
import type { ExperimentDto } from "@/lib/contracts/experiments";
import { experimentSlo, judgeHypothesis } from "@/lib/engine/chaos/hypothesis";
import { ObservationAccumulator, type Observed } from "@/lib/engine/chaos/observation";
import { assertExperimentTransition, type ExperimentStatus } from "@/lib/engine/chaos/state-machine";
import { firstMetStopCondition, stopReasonFor } from "@/lib/engine/chaos/stop-conditions";
import type { SloNameOf } from "@/lib/engine/chaos/summary";
import type { RandomSource, StopReason } from "@/lib/engine/chaos/types";
import type { ExperimentPatch, ExperimentRecord } from "../persistence/repos/experiments";
import { experimentDto } from "./experiment-dto";
import { createInjector, type ChaosInjector } from "./injector";
import type { ChaosFigures, ChaosMetrics } from "./ports";
import type { Cancel } from "./scheduler";

export interface LiveDeps {
  clock: Clock;
  figures: ChaosFigures;
  random: RandomSource;
  metrics?: ChaosMetrics;
}

export type Ending = { to: "completed" } | { to: "stopped" | "aborted"; reason: StopReason };

export class LiveExperiment {
  private acc?: ObservationAccumulator;
  private timers: Cancel[] = [];
  injector?: ChaosInjector;

  constructor(
    public rec: ExperimentRecord,
    private readonly deps: LiveDeps,
  ) {}

  get id(): string {
    return this.rec.id;
  }
  get service(): string {
    return this.rec.definition.service;
  }
  get status(): ExperimentStatus {
    return this.rec.status;
  }

  /** The time window it occupies on its service (scheduled: as planned; running: as started). */
  window(): { from: number; to: number } {
    const from = (this.rec.startedAt ?? this.rec.startAt ?? this.rec.createdAt).getTime();
    return { from, to: from + this.rec.definition.durationSeconds * 1000 };
  }

  addTimer(cancel: Cancel): void {
    this.timers.push(cancel);
  }

  /** scheduled → running: counters start, the injector goes live. */
  begin(): void {
    assertExperimentTransition(this.rec.status, "running");
    const now = this.deps.clock.now();
    this.acc = new ObservationAccumulator(now);
    const slo = experimentSlo(this.rec.definition);
    this.acc.sloRemaining("start", slo === undefined ? undefined : this.deps.figures.sloRemaining(slo));
    this.rec = { ...this.rec, status: "running", startedAt: new Date(now) };
    this.injector = createInjector(this.id, this.rec.definition, this.acc, this.deps.random, this.deps.metrics);
    this.deps.metrics?.running(this.service, true);
  }

  /** The first stop condition met, or completion once the duration is over; undefined = keep going. */
  check(): Ending | undefined {
    const { stopConditions } = this.rec.definition;
    const met = firstMetStopCondition(stopConditions, {
      sloBurn1h: (slo) => this.deps.figures.sloBurn1h(slo),
      errorRate: (w) => this.deps.figures.errorRate(this.service, w),
    });
    if (met) return { to: "stopped", reason: stopReasonFor(met) };
    if (this.deps.clock.now() >= this.window().to) return { to: "completed" };
    return undefined;
  }

  /** Ends it: timers cancelled, counters frozen, hypothesis judged (unless aborted or never started). */
  finish(ending: Ending): void {
    assertExperimentTransition(this.rec.status, ending.to);
    this.close(ending.to, new Date(this.deps.clock.now()), ending.to === "completed" ? null : ending.reason);
  }

  /** Takes over an end recorded elsewhere (another instance stopped it), as stored. */
  adopt(stored: ExperimentRecord): void {
    this.close(stored.status, stored.endedAt ?? new Date(this.deps.clock.now()), stored.stopReason);
  }

  private close(status: ExperimentStatus, endedAt: Date, stopReason: StopReason | null): void {
    const wasRunning = this.rec.status === "running";
    for (const cancel of this.timers.splice(0)) cancel();
    this.injector = undefined;
    let observed = this.rec.observed;
    let hypothesisResult = null;
    if (this.acc) {
      const slo = experimentSlo(this.rec.definition);
      this.acc.sloRemaining("end", slo === undefined ? undefined : this.deps.figures.sloRemaining(slo));
      this.acc.freeze();
      observed = this.acc.snapshot();
      if (status !== "aborted") {
        const seen = { breakerOpenedAfterSeconds: this.acc.breakerOpenedAfterSeconds(), sloRemainingEnd: observed.sloRemaining.end ?? undefined, errorRate: observed.errorRate };
        hypothesisResult = judgeHypothesis(this.rec.definition.hypothesis, seen) ?? null;
      }
    }
    this.rec = { ...this.rec, status, endedAt, stopReason, observed, hypothesisResult };
    if (wasRunning) this.deps.metrics?.running(this.service, false);
  }

  breakerTransition(t: Parameters<ObservationAccumulator["breakerTransition"]>[0]): void {
    this.acc?.breakerTransition(t);
  }

  observed(): Observed | null {
    return this.acc?.snapshot() ?? this.rec.observed;
  }

  /** Everything that changes over its life, for the repository. */
  patch(): ExperimentPatch {
    const { status, startedAt, endedAt, stopReason, hypothesisResult } = this.rec;
    return { status, startedAt, endedAt, stopReason, observed: this.observed(), hypothesisResult };
  }

  /** As the API shows it, SLOs named by `sloName` in the summary. */
  dto(sloName?: SloNameOf): ExperimentDto {
    return experimentDto(this.rec, this.observed() ?? undefined, sloName);
  }
}
