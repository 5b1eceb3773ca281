// Cluster mode (REDIS_URL): every instance keeps its own engine and windows; Redis holds one
// versioned state record per breaker, changed only by an atomic compare-and-set that also
// publishes the change, which every instance adopts. No Redis call on the request path while a
// breaker is closed: windows are shared as summaries every 250 ms, half-open trials take a
// cluster-wide lease. When Redis is unreachable instances serve on local state ("degraded") and
// reconcile by version on reconnect, overrides winning.
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import type { BreakerStateChangeEvent } from "@/lib/engine/breaker/types";
import type { BreakerSyncRecord } from "@/lib/engine/breaker/circuit-breaker";
import type { BreakerRegistry } from "../breakers/registry";
import type { Logger } from "../logger";
import type { ServerClock } from "../clock";
import { tripOnMergedWindows } from "./merged-trip";
import { ACQUIRE_TRIAL, CAS_RECORD, clusterKeys } from "./scripts";
import { TrialLeases, trialLeaseMs } from "./trial-leases";
import { decideReconcile, keepOursOnConflict, keepPendingOverride } from "./reconcile";

export const HEARTBEAT_MS = 1000;
export const INSTANCE_TTL_MS = 5000;
export const WINDOW_PUSH_MS = 250;
export const RECONCILE_MS = 2_000;

export interface InstanceInfo {
  id: string;
  lastSeen: string;
  healthy: boolean;
  self: boolean;
}

export interface ClusterStatus {
  mode: "cluster";
  instanceId: string;
  degraded: boolean;
  redis: string;
  instances: InstanceInfo[];
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

/** A definition changed on one instance (service, SLO, health check): the others reload it. */
export interface ConfigChange {
  kind: "service" | "slo" | "health" | "alerts" | "experiment";
  key: string;
  origin: string;
}

interface Message {
  name: string;
  v: number;
  origin: string;
  rec: BreakerSyncRecord;
}

export function createCluster(deps: ClusterDeps) {
  const keys = clusterKeys(deps.namespace);
  const configHandlers: ((m: ConfigChange) => void)[] = [];
  const options = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times: number) => Math.min(2000, 100 * times),
  };
  const cmd = new Redis(deps.url, options);
  const sub = new Redis(deps.url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null });
  cmd.defineCommand("bwCas", { numberOfKeys: 1, lua: CAS_RECORD });
  cmd.defineCommand("bwTrial", { numberOfKeys: 1, lua: ACQUIRE_TRIAL });
  const redis = cmd as Redis & {
    bwCas(key: string, expected: number, rec: string, channel: string, name: string, origin: string): Promise<[number, number, string?]>;
    bwTrial(key: string, max: number, leaseMs: number, now: number, id: string): Promise<number>;
  };

  const versions = new Map<string, number>();
  /** Breakers changed locally while Redis could not be told. */
  const pending = new Set<string>();
  let degraded = true;
  let instances: InstanceInfo[] = [];
  let liveCount = 1;
  const stops: (() => void)[] = [];
  let closed = false;
  const offs: (() => void)[] = [];
  const instanceListeners: ((count: number) => void)[] = [];
  /** Remote windows (name → instance → summary), for merged trip decisions. */
  const lastPushed = new Map<string, string>();
  const trials = new TrialLeases(deps.clock);

  const status = (): ClusterStatus => ({ mode: "cluster", instanceId: deps.instanceId, degraded, redis: cmd.status, instances });
  const setDegraded = (d: boolean, why?: string) => {
    if (degraded === d) return;
    degraded = d;
    if (d) deps.log.warn({ why }, "cluster degraded: Redis unreachable, serving on local state");
    else deps.log.info("cluster connected: reconciling breaker states");
    deps.onStatus(status());
    if (!d) void reconcile();
  };

  // ---------------------------------------------------------------- publishing and adopting

  async function publish(name: string, rec: BreakerSyncRecord, authoritative: boolean): Promise<void> {
    if (degraded) {
      pending.add(name);
      return;
    }
    for (let i = 0; i < 5; i++) {
      const expected = versions.get(name) ?? 0;
      try {
        const [ok, v, current] = await redis.bwCas(keys.record(name), expected, JSON.stringify(rec), keys.channel, name, deps.instanceId);
        if (ok === 1) {
          versions.set(name, Math.max(v, versions.get(name) ?? 0));
          pending.delete(name);
          // an older change from another instance may have been adopted while this write was in
          // flight: what Redis now holds (ours) is what this instance must show
          const b = deps.breakers.guard(name);
          if (b && b.state !== rec.state) adopt(name, rec);
          return;
        }
        versions.set(name, v);
        // someone changed it first: an operator's action still goes through, except that it never
        // replaces an override with a plain state (overrides win); otherwise adopt theirs
        if (current) {
          const remote = JSON.parse(current) as BreakerSyncRecord;
          if (!keepOursOnConflict(rec, remote, authoritative)) {
            adopt(name, remote);
            pending.delete(name);
            return;
          }
        }
      } catch (err) {
        pending.add(name);
        setDegraded(true, (err as Error).message);
        return;
      }
    }
  }

  function adopt(name: string, rec: BreakerSyncRecord): void {
    if (!deps.breakers.has(name)) return;
    try {
      deps.breakers.adopt(name, rec);
    } catch (err) {
      deps.log.warn({ err, breaker: name }, "ignored an inconsistent breaker record from the cluster");
    }
    if (deps.breakers.guard(name)?.state !== "half_open") voidTrials(name);
  }

  /** The breaker left half-open: the trial leases held here for it are void; give them back. */
  function voidTrials(name: string): void {
    const ids = trials.voidAll(name);
    if (ids.length > 0) void cmd.zrem(keys.trials(name), ...ids).catch(() => undefined);
  }

  function onMessage(raw: string): void {
    let m: Message;
    try {
      m = JSON.parse(raw) as Message;
    } catch {
      return;
    }
    const known = versions.get(m.name) ?? 0;
    if (m.v <= known) return; // late or duplicate: a lower version never wins
    versions.set(m.name, m.v);
    if (m.origin === deps.instanceId) return;
    const local = deps.breakers.guard(m.name)?.syncRecord();
    if (local && keepPendingOverride(local, m.rec, pending.has(m.name))) return void publish(m.name, local, true);
    adopt(m.name, m.rec);
  }

  /**
   * Brings this instance and Redis into agreement, breaker by breaker. Redis's record is the
   * truth, except for changes made here while Redis could not be told (pending): those are
   * written when Redis has nothing newer, and an override made here wins over a plain state.
   * Runs after every reconnect and every 2 s (anti-entropy: a missed message is caught up).
   */
  let reconciling: Promise<void> | null = null;
  function reconcile(): Promise<void> {
    reconciling ??= reconcileOnce().finally(() => (reconciling = null));
    return reconciling;
  }
  async function reconcileOnce(): Promise<void> {
    for (const [name, b] of deps.breakers.all()) {
      try {
        const [v, recJson] = await cmd.hmget(keys.record(name), "v", "rec");
        const remoteV = Number(v ?? 0);
        const remote = recJson ? (JSON.parse(recJson) as BreakerSyncRecord) : null;
        const local = b.syncRecord();
        const known = versions.get(name) ?? 0;
        const d = decideReconcile({ local, remote, remoteVersion: remoteV, knownVersion: known, pending: pending.has(name) });
        if (d.action === "write_local") {
          versions.set(name, remoteV);
          // only an override is authoritative here: a plain state yields to whatever got there first
          await publish(name, local, d.authoritative);
        } else {
          versions.set(name, Math.max(known, remoteV));
          if (d.action === "adopt_remote") adopt(name, remote!);
          pending.delete(name);
        }
      } catch (err) {
        setDegraded(true, (err as Error).message);
        return;
      }
    }
  }

  // ---------------------------------------------------------------- heartbeat and windows

  async function heartbeat(): Promise<void> {
    const now = deps.clock.now();
    try {
      const res = await cmd
        .multi()
        .zadd(keys.instances, now, deps.instanceId)
        .zremrangebyscore(keys.instances, "-inf", now - 60_000)
        .zrange(keys.instances, 0, -1, "WITHSCORES")
        .exec();
      const list = (res?.[2]?.[1] as string[] | undefined) ?? [];
      const next: InstanceInfo[] = [];
      for (let i = 0; i < list.length; i += 2) {
        const seen = Number(list[i + 1]);
        next.push({ id: list[i]!, lastSeen: new Date(seen).toISOString(), healthy: now - seen < INSTANCE_TTL_MS, self: list[i] === deps.instanceId });
      }
      const wasDegraded = degraded;
      const before = JSON.stringify(instances.map((x) => [x.id, x.healthy]));
      instances = next.sort((a, b) => a.id.localeCompare(b.id));
      const count = Math.max(1, instances.filter((x) => x.healthy).length);
      if (count !== liveCount) {
        liveCount = count;
        for (const fn of instanceListeners) fn(count);
      }
      setDegraded(false);
      if (!wasDegraded && before !== JSON.stringify(instances.map((x) => [x.id, x.healthy]))) deps.onStatus(status());
    } catch (err) {
      setDegraded(true, (err as Error).message);
    }
  }

  /** Shares each closed breaker's window summary; trips when the merged windows say so. */
  async function exchangeWindows(): Promise<void> {
    if (degraded) return;
    const p = cmd.pipeline();
    const reads: string[] = [];
    for (const [name, b] of deps.breakers.all()) {
      if (b.state !== "closed") continue;
      const m = b.metrics();
      const summary = JSON.stringify({ calls: m.calls, failures: m.failures, slow: m.slowCalls, at: deps.clock.now() });
      const changed = lastPushed.get(name) !== `${m.calls}/${m.failures}/${m.slowCalls}`;
      if (changed) {
        lastPushed.set(name, `${m.calls}/${m.failures}/${m.slowCalls}`);
        p.hset(keys.window(name), deps.instanceId, summary);
        p.pexpire(keys.window(name), 10_000);
      }
      if (changed || deps.breakers.tripQuorum(name) > 1) {
        p.hgetall(keys.window(name));
        reads.push(name);
      }
    }
    if (p.length === 0) return;
    let res: [Error | null, unknown][] | null;
    try {
      res = await p.exec();
    } catch (err) {
      setDegraded(true, (err as Error).message);
      return;
    }
    const results = (res ?? []).filter((_, i, all) => all.length > 0 && typeof _?.[1] === "object" && _?.[1] !== null && !Array.isArray(_?.[1]));
    reads.forEach((name, i) => tripOnMergedWindows(deps.breakers, name, results[i]?.[1] as Record<string, string> | undefined, deps.clock.now()));
  }

  /** A local transition: tell the cluster (adopted ones are not echoed). */
  function onTransition(e: BreakerStateChangeEvent): void {
    if (e.from === "half_open") voidTrials(e.name);
    if (e.remote) return;
    const b = deps.breakers.guard(e.name);
    if (!b) return;
    const authoritative = e.reason === "forced" || e.reason === "override_lifted" || e.reason === "reset";
    void publish(e.name, b.syncRecord(e.reason, e.actor), authoritative);
  }

  /** A service was deleted: its shared state goes too. */
  function forget(name: string): void {
    versions.delete(name);
    trials.voidAll(name);
    lastPushed.delete(name);
    void cmd.del(keys.record(name), keys.window(name), keys.trials(name)).catch(() => undefined);
  }

  return {
    async start(): Promise<void> {
      offs.push(
        deps.breakers.on("stateChanged", ({ event }) => onTransition(event)),
        deps.breakers.on("removed", ({ name }) => forget(name)),
      );
      sub.on("message", (channel: string, message: string) => {
        if (channel === keys.config) {
          try {
            const m = JSON.parse(message) as ConfigChange;
            if (m.origin !== deps.instanceId) for (const h of configHandlers) h(m);
          } catch {
            // not ours
          }
          return;
        }
        onMessage(message);
      });
      cmd.on("error", () => undefined); // reported through degraded mode
      sub.on("error", () => undefined);
      cmd.on("ready", () => void heartbeat());
      cmd.on("close", () => setDegraded(true, "connection closed"));
      try {
        await cmd.connect();
        await sub.connect();
        await sub.subscribe(keys.channel, keys.config);
      } catch (err) {
        deps.log.warn({ err: (err as Error).message }, "Redis is not reachable at start: starting degraded");
      }
      sub.on("ready", () => void sub.subscribe(keys.channel, keys.config).catch(() => undefined));
      await heartbeat();
      if (!degraded) await reconcile();
      const every = (ms: number, fn: () => Promise<void>) => {
        let busy = false;
        stops.push(
          deps.clock.every(ms, () => {
            if (busy || closed) return;
            busy = true;
            void fn().finally(() => (busy = false));
          }),
        );
      };
      every(HEARTBEAT_MS, heartbeat);
      every(WINDOW_PUSH_MS, exchangeWindows);
      every(RECONCILE_MS, async () => {
        if (!degraded) await reconcile();
      });
    },

    /** The live instance count changed (per-user bulkheads divide their limits by it). */
    onInstances(fn: (count: number) => void): void {
      instanceListeners.push(fn);
    },

    /**
     * A half-open trial needs one of the cluster's halfOpenMaxCalls leases. Returns a release
     * function, or null when every lease is taken. Without Redis, local permits alone decide.
     */
    async acquireTrial(name: string, max: number): Promise<(() => void) | null> {
      if (degraded) return () => undefined;
      const id = `${deps.instanceId}:${randomUUID()}`;
      const leaseMs = trialLeaseMs(deps.breakers.guard(name)?.options.maxWaitInHalfOpenMs ?? 0);
      try {
        const ok = await redis.bwTrial(keys.trials(name), max, leaseMs, deps.clock.now(), id);
        if (ok !== 1) return null;
      } catch {
        return () => undefined;
      }
      trials.add(name, id, leaseMs);
      return () => {
        if (trials.remove(name, id)) void cmd.zrem(keys.trials(name), id).catch(() => undefined);
      };
    },

    /** Tells the other instances to reload a definition from the database. */
    configChanged(kind: ConfigChange["kind"], key: string): void {
      if (degraded) return;
      void cmd.publish(keys.config, JSON.stringify({ kind, key, origin: deps.instanceId })).catch(() => undefined);
    },
    onConfigChange(handler: (m: ConfigChange) => void): void {
      configHandlers.push(handler);
    },

    status,
    isDegraded: () => degraded,
    liveInstances: () => liveCount,
    async ping(): Promise<void> {
      if ((await cmd.ping()) !== "PONG") throw new Error("unexpected PING answer");
    },
    /** Clients for the Socket.IO Redis adapter (their own connections). */
    adapterClients(): { pub: Redis; sub: Redis } {
      return { pub: new Redis(deps.url, { lazyConnect: false, maxRetriesPerRequest: null }), sub: new Redis(deps.url, { lazyConnect: false, maxRetriesPerRequest: null }) };
    },
    async close(): Promise<void> {
      closed = true;
      for (const stop of stops.splice(0)) stop();
      for (const off of offs) off();
      await cmd.zrem(keys.instances, deps.instanceId).catch(() => undefined);
      cmd.disconnect();
      sub.disconnect();
    },
  };
}
export type Cluster = ReturnType<typeof createCluster>;
