// Cluster mode (REDIS_URL): every instance keeps its own engine and windows; Redis holds one
// versioned state record per breaker, changed only by an atomic compare-and-set that also
// publishes the change, which every instance adopts (record-publishing.ts). No Redis call on the
// request path while a breaker is closed: windows are shared as summaries every 250 ms
// (window-exchange.ts), a service's answers per 10-s slot only while a chaos stop condition asks for
// them (answer-exchange.ts), half-open trials take a cluster-wide lease (cluster-trials.ts). When Redis
// is unreachable instances serve on local state (degraded-mode.ts) and reconcile by version on
// reconnect, overrides winning (reconciler.ts). This file wires the parts and runs them.
import type Redis from "ioredis";
import type { BreakerRegistry } from "../breakers/registry";
import type { Logger } from "../logger";
import type { ServerClock } from "../clock";
import { ANSWER_SHARE_MS, createAnswerExchange } from "./answer-exchange";
import { createClusterTrials } from "./cluster-trials";
import { createConfigChannel } from "./config-channel";
import { createDegradedMode } from "./degraded-mode";
import { createMembership, type InstanceInfo } from "./membership";
import { createReconciler } from "./reconciler";
import { createRecordPublishing } from "./record-publishing";
import { createRecordVersions } from "./record-versions";
import { adapterClients, createRedisClients, type CommandClient } from "./redis-clients";
import { clusterKeys, type ClusterKeys } from "./scripts";
import { createWindowExchange } from "./window-exchange";

export { INSTANCE_TTL_MS, type InstanceInfo } from "./membership";
export type { ConfigChange } from "./config-channel";

export const HEARTBEAT_MS = 1000;
export const WINDOW_PUSH_MS = 250;
export const RECONCILE_MS = 2_000;

export interface ClusterStatus {
  mode: "cluster";
  instanceId: string;
  degraded: boolean;
  redis: string;
  instances: InstanceInfo[];
  /** Window-exchange rounds this instance has completed (every 250 ms while Redis answers). */
  windowExchanges: number;
}

export interface ClusterDeps {
  url: string;
  namespace: string;
  instanceId: string;
  /** The breakers this instance shares: records adopted and trips decided through it, its transitions published. */
  breakers: BreakerRegistry;
  log: Logger;
  /** Heartbeats, window exchange, reconciliation and trial leases run on it. */
  clock: ServerClock;
  onStatus: (s: ClusterStatus) => void;
}

/** Connects both clients and subscribes to the breakers' and the config channel (again after every reconnect). */
async function connect(cmd: CommandClient, sub: Redis, keys: ClusterKeys, log: Logger): Promise<void> {
  try {
    await cmd.connect();
    await sub.connect();
    await sub.subscribe(keys.channel, keys.config);
  } catch (err) {
    log.warn({ err: (err as Error).message }, "Redis is not reachable at start: starting degraded");
  }
  sub.on("ready", () => void sub.subscribe(keys.channel, keys.config).catch(() => undefined));
}

/** Runs `fn` every `ms` on the clock, skipping a round while the previous one is still running or after close. */
function everyUnlessBusy(clock: ServerClock, ms: number, fn: () => Promise<void>, isClosed: () => boolean): () => void {
  let busy = false;
  return clock.every(ms, () => {
    if (busy || isClosed()) return;
    busy = true;
    void fn().finally(() => (busy = false));
  });
}

export function createCluster(deps: ClusterDeps) {
  const { instanceId, breakers, clock } = deps;
  const keys = clusterKeys(deps.namespace);
  const { cmd, sub } = createRedisClients(deps.url);
  const stops: (() => void)[] = [];
  let closed = false;

  const status = (): ClusterStatus => ({ mode: "cluster", instanceId, degraded: degraded.isDegraded(), redis: cmd.status, instances: membership.instances(), windowExchanges: windows.rounds() });
  const degraded = createDegradedMode(deps.log, (d) => {
    deps.onStatus(status());
    if (!d) void reconcile();
  });
  const shared = { cmd, keys, instanceId, breakers, clock, degraded };
  const versions = createRecordVersions();
  const trials = createClusterTrials(shared);
  const records = createRecordPublishing({ ...shared, log: deps.log, versions, voidTrials: trials.voidAll });
  const reconcile = createReconciler({ ...shared, versions, records });
  const windows = createWindowExchange(shared);
  const answers = createAnswerExchange(shared);
  const membership = createMembership({ ...shared, onChanged: () => deps.onStatus(status()) });
  const config = createConfigChannel(cmd, keys, instanceId, degraded.isDegraded);

  /** A service was deleted: its shared state goes too. */
  function forget(name: string): void {
    versions.forget(name);
    trials.forget(name);
    windows.forget(name);
    answers.forget(name);
    void cmd.del(keys.record(name), keys.window(name), keys.trials(name), keys.answers(name)).catch(() => undefined);
  }

  return {
    async start(): Promise<void> {
      stops.push(breakers.on("stateChanged", ({ event }) => records.onTransition(event)), breakers.on("removed", ({ name }) => forget(name)));
      sub.on("message", (channel: string, message: string) => (channel === keys.config ? config.receive(message) : records.onMessage(message)));
      cmd.on("error", () => undefined); // reported through degraded mode
      sub.on("error", () => undefined);
      cmd.on("ready", () => void membership.heartbeat());
      cmd.on("close", () => degraded.set(true, "connection closed"));
      await connect(cmd, sub, keys, deps.log);
      await membership.heartbeat();
      if (!degraded.isDegraded()) await reconcile();
      const every = (ms: number, fn: () => Promise<void>) => stops.push(everyUnlessBusy(clock, ms, fn, () => closed));
      every(HEARTBEAT_MS, membership.heartbeat);
      every(WINDOW_PUSH_MS, windows.exchange);
      every(ANSWER_SHARE_MS, answers.exchange);
      every(RECONCILE_MS, async () => {
        if (!degraded.isDegraded()) await reconcile();
      });
    },
    /** The live instance count changed (per-user bulkheads divide their limits by it). */
    onInstances: membership.onCount,
    acquireTrial: trials.acquire,
    /** Where this instance's answers per 10-s slot come from, to share when an instance asks (answer-exchange.ts). */
    shareAnswers: answers.share,
    /**
     * The other instances' answers and failures of a service in the 10-s slots covering [fromMs,
     * toMs), as last read; asking starts the exchange for the service (figures follow within ~2 s).
     */
    othersAnswers: answers.othersIn,
    /** Tells the other instances to reload a definition from the database. */
    configChanged: config.changed,
    onConfigChange: config.onChange,
    status,
    isDegraded: degraded.isDegraded,
    liveInstances: membership.liveCount,
    async ping(): Promise<void> {
      if ((await cmd.ping()) !== "PONG") throw new Error("unexpected PING answer");
    },
    /** Clients for the Socket.IO Redis adapter (their own connections). */
    adapterClients: () => adapterClients(deps.url),
    async close(): Promise<void> {
      closed = true;
      for (const stop of stops.splice(0)) stop();
      await cmd.zrem(keys.instances, instanceId).catch(() => undefined);
      cmd.disconnect();
      sub.disconnect();
    },
  };
}
export type Cluster = ReturnType<typeof createCluster>;
