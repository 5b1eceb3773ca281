// Chaos across instances (used by createChaosService): tells the cluster when an experiment of this
// instance begins or ends, follows or drops the experiments other instances announce, and reports
// whether any experiment injects here now (so the gateway asks for injectors only then).
import { isFinalStatus } from "@/lib/engine/chaos/state-machine";
import type { ExperimentDto } from "@/lib/contracts/experiments";
import type { ChaosServiceDeps } from "./chaos-service";
import type { ChaosClusterMessage } from "./cluster-message";

export function createChaosRelay(deps: ChaosServiceDeps) {
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

  return {
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
  };
}
