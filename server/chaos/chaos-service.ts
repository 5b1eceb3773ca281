// Chaos experiments as the API and the gateway use them: the runner (this instance's experiments),
// the followers (experiments other instances run, injected here too), the audit trail, and the
// cluster messages that make a start or a stop reach every instance at once.
import type { ExperimentCreate, ExperimentDto, ExperimentListQuery } from "@/lib/contracts/experiments";
import type { Principal } from "../auth/principal";
import type { AuditRecorder } from "../audit";
import type { ExperimentRunner } from "./experiment-runner";
import type { Followers } from "./followers";
import type { ChaosInjector } from "./injector";
import type { ChaosBreakerTransition, ExperimentStore } from "./ports";
import type { ChaosClusterMessage } from "./cluster-message";
import { createChaosRelay } from "./chaos-relay";

export interface ChaosServiceDeps {
  instanceId: string;
  /** BREAKWATER_CHAOS=off: other instances' experiments are not followed here either. */
  enabled: boolean;
  runner: ExperimentRunner;
  followers: Followers;
  store: Pick<ExperimentStore, "get" | "list">;
  audit: AuditRecorder;
  /** Cluster mode: tells the other instances (never this one). */
  broadcast?: (m: ChaosClusterMessage) => void;
  /**
   * Whether any experiment injects on this instance now (its own or one it follows): the gateway
   * asks for injectors only while true, so requests pay a null check otherwise.
   */
  onInjecting?: (injecting: boolean) => void;
  onError(error: unknown): void;
}

export function createChaosService(deps: ChaosServiceDeps) {
  const { runner, followers } = deps;
  const relay = createChaosRelay(deps);
  const audited = (action: string, principal: Principal, dto: ExperimentDto, before?: unknown) =>
    deps.audit.record({ actor: principal.username, action, target: `experiment:${dto.id}`, before, after: { name: dto.name, service: dto.service, status: dto.status, summary: dto.summary } });

  return {
    /** The gateway's hot path: the experiment injecting into this service's traffic here, if any. */
    injectorFor(service: string): ChaosInjector | undefined {
      return runner.injectorFor(service) ?? followers.injectorFor(service);
    },

    // the runner's `experiment:updated` and other instances' messages (see chaos-relay.ts)
    announced: relay.announced,
    received: relay.received,

    breakerTransition(t: ChaosBreakerTransition): void {
      runner.breakerTransition(t);
    },

    /** Aborts this instance's leftovers, then joins what the other instances are running. */
    async start(): Promise<void> {
      await runner.start();
      if (!deps.enabled) return;
      const running = await deps.store.list({ status: ["running"], limit: 500 });
      for (const rec of running) if (rec.instanceId !== deps.instanceId) followers.follow(rec);
      // (scheduled ones are joined when their owner says they began)
    },

    async close(): Promise<void> {
      followers.close();
      await runner.close();
    },

    async create(principal: Principal, input: ExperimentCreate): Promise<ExperimentDto> {
      const dto = await runner.create(input, principal.username);
      await audited("experiment.create", principal, dto);
      return dto;
    },

    list: (q: ExperimentListQuery) => runner.list(q),
    get: (id: string) => runner.get(id),

    async stop(principal: Principal, id: string): Promise<ExperimentDto> {
      const dto = await runner.stop(id, principal.username);
      await audited("experiment.stop", principal, dto);
      return dto;
    },

    async stopAll(principal: Principal): Promise<ExperimentDto[]> {
      const stopped = await runner.stopAll(principal.username);
      for (const dto of stopped) await audited("experiment.stop", principal, dto);
      return stopped;
    },
  };
}
export type ChaosService = ReturnType<typeof createChaosService>;
