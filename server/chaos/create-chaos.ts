// Wires chaos experiments to the rest of the runtime: the live figures stop conditions read (the
// gateway's traffic with, in cluster mode, the other instances' answers; the SLO service), Prometheus, `experiment:updated`, the breaker transitions
// and, in cluster mode, the messages that make every instance run and stop an experiment.
import { summarize } from "../traffic/answers";
import type { ServerClock } from "../clock";
import type { Logger } from "../logger";
import type { AuditRecorder } from "../audit";
import type { EventBus } from "../events";
import type { Metrics } from "../metrics";
import type { Gateway } from "../gateway/gateway";
import type { SloService } from "../slos/slo-service";
import type { BreakerRegistry } from "../breakers/registry";
import type { Cluster } from "../cluster/cluster";
import type { ExperimentsRepo } from "../persistence/repos/experiments";
import { createExperimentRunner } from "./experiment-runner";
import { Followers } from "./followers";
import { clockScheduler } from "./scheduler";
import { createChaosService, type ChaosService } from "./chaos-service";
import { formatChaosMessage } from "./cluster-message";
import type { ChaosFigures, ChaosMetrics } from "./ports";

/** Live experiments are announced at most this often (the store is written every 5 s). */
export const CHAOS_EMIT_EVERY_MS = 1_000;

export interface ChaosWiring {
  instanceId: string;
  enabled: boolean;
  clock: ServerClock;
  log: Logger;
  repo: ExperimentsRepo;
  audit: AuditRecorder;
  events: EventBus;
  metrics: Metrics;
  gateway: Gateway;
  slos: SloService;
  breakers: BreakerRegistry;
  /** Cluster mode (REDIS_URL); undefined on a single instance. */
  cluster: Cluster | undefined;
}

/**
 * The SLO service's figures and the gateway's traffic; in cluster mode both are the cluster's (the
 * SLO service merges every instance's buckets, and the other instances' answers are added).
 */
export function chaosFigures(clock: ServerClock, gateway: Gateway, slos: SloService, cluster?: Pick<Cluster, "othersAnswers">): ChaosFigures {
  const status = (id: string) => {
    try {
      return slos.get(id).status;
    } catch {
      return undefined; // unknown or deleted SLO
    }
  };
  return {
    sloBurn1h: (id) => status(id)?.burnRates["1h"],
    sloRemaining: (id) => {
      const st = status(id);
      return st ? Math.round(st.errorBudget.remainingRatio * 10_000) / 100 : undefined;
    },
    errorRate(service, windowSeconds) {
      const now = clock.now();
      const [from, to] = [now - windowSeconds * 1000, now + 1];
      const s = summarize(gateway.traffic.slotOutcomes(service, from, to));
      const others = cluster?.othersAnswers(service, from, to) ?? { answered: 0, failed: 0 };
      const answered = s.requests + others.answered;
      return answered > 0 ? ((s.errors + s.rejected + others.failed) / answered) * 100 : 0;
    },
  };
}

export function createChaos(w: ChaosWiring): ChaosService {
  // on the ServerClock's `after`: experiment timers never keep the process alive
  const scheduler = clockScheduler({ now: () => w.clock.now(), setTimeout: (fn, ms) => w.clock.after(ms, fn), clearTimeout: (cancel) => (cancel as () => void)() });
  const figures = chaosFigures(w.clock, w.gateway, w.slos, w.cluster);
  const metrics: ChaosMetrics = { injected: (s, f) => w.metrics.chaosInjected(s, f), running: (s, r) => w.metrics.chaosRunning(s, r) };
  const onError = (err: unknown) => w.log.warn({ err }, "chaos experiment bookkeeping failed; will retry");
  const runner = createExperimentRunner({
    instanceId: w.instanceId,
    enabled: w.enabled,
    clock: w.clock,
    scheduler,
    store: w.repo,
    figures,
    sloName: (id) => w.slos.name(id),
    metrics,
    emitEveryMs: CHAOS_EMIT_EVERY_MS,
    emit: (dto) => {
      service.announced(dto); // emitted only once started, after `service` exists
      w.events.emit("experiment:updated", dto);
    },
    onError,
  });
  const followers = new Followers({ clock: w.clock, scheduler, figures, metrics });
  const cluster = w.cluster;
  const service = createChaosService({
    instanceId: w.instanceId,
    enabled: w.enabled,
    runner,
    followers,
    store: w.repo,
    audit: w.audit,
    ...(cluster ? { broadcast: (m) => cluster.configChanged("experiment", formatChaosMessage(m)) } : {}),
    // the gateway looks injectors up only while one injects (BREAKWATER_CHAOS=off: never)
    onInjecting: (on) => w.gateway.setChaos(on && w.enabled ? (name) => service.injectorFor(name) : undefined),
    onError,
  });
  w.breakers.on("stateChanged", ({ event }) => service.breakerTransition(event));
  return service;
}
