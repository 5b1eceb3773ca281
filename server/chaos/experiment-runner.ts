// Runs this instance's chaos experiments: starts them at startAt (one running per service),
// checks stop conditions every second, completes them at their duration, records what they saw,
// judges the hypothesis and hands the gateway the live fault injector. An experiment never
// outlives a restart: leftovers are aborted at start, running ones are aborted at close.
import { randomUUID } from "node:crypto";
import type { Clock } from "@/lib/engine/clock";
import { MAX_SCHEDULE_AHEAD_MS, type ExperimentCreate, type ExperimentDto, type ExperimentListQuery } from "@/lib/contracts/experiments";
import { isActiveStatus, isFinalStatus } from "@/lib/engine/chaos/state-machine";
import type { SloNameOf } from "@/lib/engine/chaos/summary";
import type { RandomSource, StopReason } from "@/lib/engine/chaos/types";
import { AppError, conflict, notFound, validationFailed } from "../errors";
import type { ExperimentRecord } from "../persistence/repos/experiments";
import { experimentDto } from "./experiment-dto";
import type { ChaosInjector } from "./injector";
import { LiveExperiment, type Ending } from "./live-experiment";
import type { ChaosBreakerTransition, ChaosFigures, ChaosMetrics, ExperimentStore } from "./ports";
import type { Cancel, ChaosScheduler } from "./scheduler";
import { StateWriter } from "./state-writer";

export const STOP_CHECK_INTERVAL_MS = 1_000;

export interface ExperimentRunnerDeps {
  instanceId: string;
  /** BREAKWATER_CHAOS=off → false: every operation answers 403 chaos_disabled, nothing is injected. */
  enabled: boolean;
  clock: Clock;
  scheduler: ChaosScheduler;
  store: ExperimentStore;
  figures: ChaosFigures;
  /** An SLO's name for the summaries (undefined when unknown or deleted: the id is shown). */
  sloName?: SloNameOf;
  /** `experiment:updated`, on every status change and with progress while running. */
  emit(dto: ExperimentDto): void;
  metrics?: ChaosMetrics;
  random?: RandomSource;
  newId?: () => string;
  /** How often a running experiment's figures are stored (default 5 s). */
  progressEveryMs?: number;
  /** How often a running experiment's live figures are announced (default: as often as stored). */
  emitEveryMs?: number;
  onError?: (error: unknown) => void;
}

type Window = { from: number; to: number };
const overlaps = (a: Window, b: Window) => a.from < b.to && b.from < a.to;
function storedWindow(r: ExperimentRecord): Window {
  const from = (r.startedAt ?? r.startAt ?? r.createdAt).getTime();
  return { from, to: from + r.definition.durationSeconds * 1000 };
}

export class ExperimentRunner {
  private readonly live = new Map<string, LiveExperiment>();
  private readonly running = new Map<string, LiveExperiment>();
  private readonly writer: StateWriter;
  private cancelTick?: Cancel;
  private lastProgress = 0;
  private lastEmit = 0;
  private closed = false;

  constructor(private readonly deps: ExperimentRunnerDeps) {
    this.writer = new StateWriter(deps.store, {
      find: (id) => this.live.get(id),
      settled: (exp) => {
        if (this.live.get(exp.id) === exp) this.live.delete(exp.id);
      },
      endedElsewhere: (exp, stored) => this.endedElsewhere(exp, stored),
      onError: (e) => this.deps.onError?.(e),
    });
  }

  /** Aborts what this instance left scheduled or running, then checks every second. */
  async start(): Promise<void> {
    const leftovers = await this.deps.store.abortLeftovers(this.deps.instanceId, new Date(this.deps.clock.now()));
    for (const r of leftovers) this.deps.emit(this.dtoOf(r));
    this.lastProgress = this.lastEmit = this.deps.clock.now();
    this.cancelTick = this.deps.scheduler.every(STOP_CHECK_INTERVAL_MS, () => this.tick());
  }

  /** The gateway's hot path: the running experiment's injector for this service, if any. */
  injectorFor(service: string): ChaosInjector | undefined {
    return this.running.get(service)?.injector;
  }

  /** Whether any of this instance's experiments is injecting now. */
  injecting(): boolean {
    return this.running.size > 0;
  }

  /** Feed of the runtime's breaker transitions (breaker name = service). */
  breakerTransition(t: ChaosBreakerTransition): void {
    this.running.get(t.name)?.breakerTransition(t);
  }

  async create(input: ExperimentCreate, actor: string): Promise<ExperimentDto> {
    this.assertEnabled();
    const now = this.deps.clock.now();
    const { startAt, ...definition } = input;
    const startAtMs = startAt === undefined ? undefined : Date.parse(startAt);
    if (startAtMs !== undefined && startAtMs > now + MAX_SCHEDULE_AHEAD_MS) throw validationFailed([{ path: "startAt", message: "must be at most 7 days ahead" }]);
    const startsNow = startAtMs === undefined || startAtMs <= now;
    const rec: ExperimentRecord = {
      id: this.deps.newId?.() ?? randomUUID(),
      definition,
      status: "scheduled",
      createdBy: actor,
      createdAt: new Date(now),
      startAt: startsNow ? null : new Date(startAtMs),
      startedAt: null,
      endedAt: null,
      stopReason: null,
      observed: null,
      hypothesisResult: null,
      instanceId: this.deps.instanceId,
    };
    const exp = new LiveExperiment(rec, { clock: this.deps.clock, figures: this.deps.figures, random: this.deps.random ?? Math.random, ...(this.deps.metrics ? { metrics: this.deps.metrics } : {}) });
    this.assertFree(exp, [...this.live.values()].filter((o) => isActiveStatus(o.status)).map((o) => ({ id: o.id, window: o.window(), service: o.service })));
    this.live.set(exp.id, exp); // holds the window while the checks below run
    try {
      const stored = await this.deps.store.list({ status: ["scheduled", "running"], service: exp.service, limit: 500 });
      this.assertFree(exp, stored.filter((r) => !this.live.has(r.id)).map((r) => ({ id: r.id, window: storedWindow(r), service: r.definition.service })));
      await this.deps.store.create(rec);
    } catch (error) {
      this.live.delete(exp.id);
      throw error;
    }
    if (startsNow) this.begin(exp);
    else {
      exp.addTimer(this.deps.scheduler.at(startAtMs, () => this.begin(exp)));
      this.deps.emit(this.dtoOf(exp));
    }
    await this.writer.flush();
    return this.dtoOf(exp);
  }

  async get(id: string): Promise<ExperimentDto> {
    this.assertEnabled();
    const exp = this.live.get(id);
    if (exp) return this.dtoOf(exp);
    const r = await this.deps.store.get(id);
    if (!r) throw notFound(`experiment ${id}`);
    return this.dtoOf(r);
  }

  /** Newest first, live figures for this instance's running experiments. */
  async list(q: ExperimentListQuery): Promise<ExperimentDto[]> {
    this.assertEnabled();
    const rows = await this.deps.store.list({ ...(q.status ? { status: q.status } : {}), limit: q.limit });
    const dtos = rows.map((r) => this.dtoOf(this.live.get(r.id) ?? r));
    return q.status ? dtos.filter((d) => q.status?.includes(d.status)) : dtos;
  }

  /** Stops a scheduled or running experiment (here, or recorded for the instance running it). */
  async stop(id: string, actor: string): Promise<ExperimentDto> {
    this.assertEnabled();
    const reason: StopReason = { type: "manual", actor };
    const exp = this.live.get(id);
    if (exp && isActiveStatus(exp.status)) {
      this.end(exp, { to: "stopped", reason });
      await this.writer.flush();
      return this.dtoOf(exp);
    }
    const stored = exp?.rec ?? (await this.deps.store.get(id));
    if (!stored) throw notFound(`experiment ${id}`);
    if (!isActiveStatus(stored.status)) throw conflict(`experiment ${id} has already ended (${stored.status})`);
    const updated = await this.deps.store.update(id, { status: "stopped", endedAt: new Date(this.deps.clock.now()), stopReason: reason }, ["scheduled", "running"]);
    if (!updated) throw conflict(`experiment ${id} has already ended`);
    const dto = this.dtoOf(updated);
    this.deps.emit(dto);
    return dto;
  }

  /** Stops every scheduled or running experiment, this instance's and those recorded for others. */
  async stopAll(actor: string): Promise<ExperimentDto[]> {
    this.assertEnabled();
    const reason: StopReason = { type: "manual", actor };
    const mine = [...this.live.values()].filter((e) => isActiveStatus(e.status));
    for (const exp of mine) this.end(exp, { to: "stopped", reason });
    await this.writer.flush();
    const out = mine.map((e) => this.dtoOf(e));
    const others = await this.deps.store.list({ status: ["scheduled", "running"], limit: 500 });
    for (const r of others.filter((o) => !this.live.has(o.id))) {
      const updated = await this.deps.store.update(r.id, { status: "stopped", endedAt: new Date(this.deps.clock.now()), stopReason: reason }, ["scheduled", "running"]);
      if (!updated) continue;
      const dto = this.dtoOf(updated);
      this.deps.emit(dto);
      out.push(dto);
    }
    return out;
  }

  /** Another instance recorded its end (e.g. stopped it there): stop injecting now and take the stored end over. */
  async endedRemotely(id: string): Promise<void> {
    const exp = this.live.get(id);
    if (!exp || !isActiveStatus(exp.status)) return;
    const stored = await this.deps.store.get(id);
    if (!stored || isFinalStatus(stored.status)) await this.endedElsewhere(exp, stored);
  }

  /** Shutdown: whatever is scheduled or running is aborted (reason restart) and stored. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelTick?.();
    for (const exp of this.live.values()) if (isActiveStatus(exp.status)) this.end(exp, { to: "aborted", reason: { type: "restart" } });
    await this.writer.flush();
  }

  private begin(exp: LiveExperiment): void {
    if (this.closed || exp.status !== "scheduled") return;
    const busy = this.running.get(exp.service);
    if (busy) {
      this.end(exp, { to: "aborted", reason: { type: "conflict", experimentId: busy.id } });
      return;
    }
    exp.begin();
    this.running.set(exp.service, exp);
    exp.addTimer(this.deps.scheduler.at(exp.window().to, () => this.end(exp, { to: "completed" })));
    this.announce(exp);
  }

  private end(exp: LiveExperiment, ending: Ending): void {
    if (!isActiveStatus(exp.status)) return;
    exp.finish(ending);
    if (this.running.get(exp.service) === exp) this.running.delete(exp.service);
    this.announce(exp);
  }

  private announce(exp: LiveExperiment): void {
    this.deps.emit(this.dtoOf(exp));
    this.writer.mark(exp.id);
    void this.writer.flush();
  }

  private tick(): void {
    for (const exp of [...this.running.values()]) {
      try {
        const ending = exp.check();
        if (ending) this.end(exp, ending);
      } catch (error) {
        this.deps.onError?.(error);
      }
    }
    const now = this.deps.clock.now();
    const progressEveryMs = this.deps.progressEveryMs ?? 5_000;
    if (now - this.lastEmit >= (this.deps.emitEveryMs ?? progressEveryMs)) {
      this.lastEmit = now;
      for (const exp of this.running.values()) this.deps.emit(this.dtoOf(exp));
    }
    if (now - this.lastProgress >= progressEveryMs) {
      this.lastProgress = now;
      for (const exp of this.running.values()) this.writer.mark(exp.id);
    }
    if (this.writer.pending > 0 && !this.writer.busy) void this.writer.flush();
  }

  /** The stored experiment is no longer active: someone else ended it (e.g. stopped from another instance). */
  private async endedElsewhere(exp: LiveExperiment, stored: ExperimentRecord | null): Promise<void> {
    if (stored && !isFinalStatus(stored.status)) {
      this.writer.mark(exp.id); // changed under us but still active: write again
      return;
    }
    if (isActiveStatus(exp.status)) {
      if (stored) exp.adopt(stored);
      else exp.finish({ to: "aborted", reason: { type: "restart" } }); // the row is gone: stop injecting
      if (this.running.get(exp.service) === exp) this.running.delete(exp.service);
      if (stored) {
        const { observed, hypothesisResult } = exp.patch();
        await this.deps.store.update(exp.id, { observed, hypothesisResult }, [stored.status]);
      }
      this.deps.emit(this.dtoOf(exp));
    }
    if (this.live.get(exp.id) === exp) this.live.delete(exp.id);
  }

  /** A live experiment (its live figures) or a stored one, as the API shows it. */
  private dtoOf(e: LiveExperiment | ExperimentRecord): ExperimentDto {
    return e instanceof LiveExperiment ? e.dto(this.deps.sloName) : experimentDto(e, undefined, this.deps.sloName);
  }

  private assertFree(exp: LiveExperiment, others: { id: string; window: Window; service: string }[]): void {
    const clash = others.find((o) => o.id !== exp.id && o.service === exp.service && overlaps(o.window, exp.window()));
    if (clash) throw conflict(`service ${exp.service} already has an experiment (${clash.id}) running or scheduled at that time: one at a time per service`);
  }

  private assertEnabled(): void {
    if (!this.deps.enabled) throw new AppError(403, "chaos_disabled", "chaos experiments are disabled on this server (BREAKWATER_CHAOS=off)");
  }
}

export function createExperimentRunner(deps: ExperimentRunnerDeps): ExperimentRunner {
  return new ExperimentRunner(deps);
}
