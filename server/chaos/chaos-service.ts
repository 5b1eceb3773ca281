// Chaos experiments as the API and the gateway use them: the runner (this instance's experiments),
// the followers (experiments other instances run, injected here too), the audit trail, and the
// cluster messages that make a start or a stop reach every instance at once.
import type { ExperimentCreate, ExperimentDto, ExperimentListQuery } from "@/lib/contracts/experiments";
import { isFinalStatus } from "@/lib/engine/chaos/state-machine";
import type { Principal } from "../auth/principal";
import type { AuditRecorder } from "../audit";
import type { ExperimentRunner } from "./experiment-runner";
import type { Followers } from "./followers";
import type { ChaosInjector } from "./injector";
import type { ChaosBreakerTransition, ExperimentStore } from "./ports";
import type { ChaosClusterMessage } from "./cluster-message";

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
  const begun = new Set<string>();
  let injecting = false;
  const sync = () => {
    const now = runner.injecting() || followers.size > 0;
    if (now === injecting) return;
    injecting = now;
    deps.onInjecting?.(now);
  };
  followers.onChange = sync;
  const audited = (action: string, principal: Principal, dto: ExperimentDto, before?: unknown) =>
    deps.audit.record({ actor: principal.username, action, target: `experiment:${dto.id}`, before, after: { name: dto.name, service: dto.service, status: dto.status, summary: dto.summary } });

  return {
    /** The gateway's hot path: the experiment injecting into this service's traffic here, if any. */
    injectorFor(service: string): ChaosInjector | undefined {
      return runner.injectorFor(service) ?? followers.injectorFor(service);
    },

    /** Every `experiment:updated` of the runner passes here: a start or an end is told to the cluster. */
    announced(dto: ExperimentDto): void {
      sync();
      if (dto.status === "running" && !begun.has(dto.id)) {
        begun.add(dto.id);
        deps.broadcast?.({ op: "begin", id: dto.id });
      } else if (isFinalStatus(dto.status)) {
        begun.delete(dto.id);
        followers.end(dto.id); // stopped here while another instance runs it
        deps.broadcast?.({ op: "end", id: dto.id });
      }
    },

    /** A message from another instance (undefined: one this version does not understand, ignored). */
    async received(m: ChaosClusterMessage | undefined): Promise<void> {
      if (!m) return;
      if (m.op === "end") {
        followers.end(m.id);
        await runner.endedRemotely(m.id);
        return sync();
      }
      const rec = deps.enabled ? await deps.store.get(m.id) : null;
      if (rec && rec.instanceId !== deps.instanceId) followers.follow(rec);
    },

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
