// Test support: an ExperimentRunner on a fake clock with settable figures and an in-memory store.
import { FakeClock } from "@/lib/engine/fake-clock";
import { experimentCreateSchema, type ExperimentCreateInput, type ExperimentDto } from "@/lib/contracts/experiments";
import type { FaultType } from "@/lib/engine/chaos/types";
import { createExperimentRunner, type ExperimentRunner, type ExperimentRunnerDeps } from "./experiment-runner";
import { MemoryExperimentStore } from "./memory-store.test-support";
import { clockScheduler } from "./scheduler";

export const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);

export class Figures {
  burn = new Map<string, number>();
  remaining = new Map<string, number>();
  errorRates = new Map<string, number>();
  asked: { service: string; windowSeconds: number }[] = [];
  sloBurn1h = (slo: string) => this.burn.get(slo);
  sloRemaining = (slo: string) => this.remaining.get(slo);
  errorRate = (service: string, windowSeconds: number) => {
    this.asked.push({ service, windowSeconds });
    return this.errorRates.get(service) ?? 0;
  };
}

export function harness(over: Partial<ExperimentRunnerDeps> & { instanceId?: string; clock?: FakeClock; store?: MemoryExperimentStore } = {}) {
  const clock = over.clock ?? new FakeClock(T0);
  const store = over.store ?? new MemoryExperimentStore();
  const figures = new Figures();
  const events: ExperimentDto[] = [];
  const metrics = { injected: [] as [string, FaultType][], running: new Map<string, boolean>() };
  const errors: unknown[] = [];
  let n = 0;
  const runner: ExperimentRunner = createExperimentRunner({
    instanceId: "node-a:3000",
    enabled: true,
    clock,
    scheduler: clockScheduler(clock),
    store,
    figures,
    emit: (dto) => events.push(dto),
    metrics: { injected: (s, f) => metrics.injected.push([s, f]), running: (s, r) => metrics.running.set(s, r) },
    random: () => 0.5,
    newId: () => `exp-${++n}`,
    onError: (e) => errors.push(e),
    ...over,
  });
  const create = (body: Partial<ExperimentCreateInput> = {}, actor = "alice") =>
    runner.create(
      experimentCreateSchema.parse({ name: "payments 503", service: "payments", faults: [{ type: "error", status: 503 }], durationSeconds: 60, ...body }),
      actor,
    );
  return { clock, store, figures, events, metrics, errors, runner, create };
}

/** A harness whose runner has already started. */
export async function startedHarness(over: Parameters<typeof harness>[0] = {}) {
  const h = harness(over);
  await h.runner.start();
  return h;
}

/** The ISO time `ms` after T0 (what an experiment's startedAt / endedAt read). */
export const isoAfterT0 = (ms: number): string => new Date(T0 + ms).toISOString();

/** After `ms` more on the clock: whether the runner still injects on `service`, and experiment `id` as the API shows it. */
export async function afterAdvance(h: ReturnType<typeof harness>, ms: number, id = "exp-1", service = "payments") {
  await h.clock.advanceAsync(ms);
  return { injecting: h.runner.injectorFor(service) !== undefined, dto: await h.runner.get(id) };
}
