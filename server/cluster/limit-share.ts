// Cluster mode, adaptive bulkheads (docs/ADAPTIVE.md "Cluster mode"): every instance adapts on its
// own traffic; once a second it publishes its limit per adaptive service (a hash field per
// instance, expiring) and reads the others', so every dashboard shows each instance's limit. A pin
// is an operator action and applies cluster-wide: it is stored in Redis with the pin's ttl and
// adopted by every instance on its next round. Nothing here runs on the request path. Without
// Redis, each instance keeps its own limit and pins (the view then lists what it last saw).
import Redis from "ioredis";
import type { InstanceLimitDto } from "@/lib/contracts/adaptive";
import type { ServerClock } from "../clock";
import type { Gateway } from "../gateway/gateway";
import type { Logger } from "../logger";
import type { AdaptivePins, PinRecord } from "../adaptive/pins";
import { INSTANCE_TTL_MS } from "./cluster";

export const LIMIT_SHARE_MS = 1000;

export interface LimitShareDeps {
  url: string;
  namespace: string;
  instanceId: string;
  gateway: Gateway;
  pins: AdaptivePins;
  clock: ServerClock;
  log: Logger;
}

const isPin = (v: unknown): v is PinRecord => {
  const p = v as PinRecord;
  return typeof p === "object" && p !== null && Number.isInteger(p.limit) && typeof p.reason === "string" && typeof p.actor === "string" && Number.isFinite(p.at) && Number.isFinite(p.until);
};

export function createLimitShare(deps: LimitShareDeps) {
  const ns = `bw:${deps.namespace}:adaptive`;
  const limitsKey = (s: string) => `${ns}:limits:${s}`;
  const pinKey = (s: string) => `${ns}:pin:${s}`;
  const redis = new Redis(deps.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: (n: number) => Math.min(2000, 100 * n) });
  redis.on("error", () => undefined);
  const seen = new Map<string, InstanceLimitDto[]>();
  let stop = () => {};
  let busy = false;
  let warned = false;

  const adaptiveServices = () => [...deps.gateway.services.values()].filter((sg) => sg.adaptive);

  async function round(): Promise<void> {
    const list = adaptiveServices();
    if (list.length === 0) return void seen.clear();
    const asOf = deps.clock.now();
    const p = redis.pipeline();
    for (const sg of list) {
      const key = limitsKey(sg.service.name);
      p.hset(key, deps.instanceId, JSON.stringify({ limit: sg.adaptive!.limit, at: asOf }));
      p.pexpire(key, 10 * INSTANCE_TTL_MS);
      p.hgetall(key);
      p.get(pinKey(sg.service.name));
    }
    const res = (await p.exec()) ?? [];
    const names = new Set<string>();
    list.forEach((sg, i) => {
      const name = sg.service.name;
      names.add(name);
      const fields = (res[i * 4 + 2]?.[1] ?? {}) as Record<string, string>;
      seen.set(name, instancesOf(fields, deps.clock.now()));
      const raw = res[i * 4 + 3]?.[1] as string | null | undefined;
      adoptPin(name, raw ?? null, asOf);
    });
    for (const name of [...seen.keys()]) if (!names.has(name)) seen.delete(name);
  }

  function instancesOf(fields: Record<string, string>, now: number): InstanceLimitDto[] {
    const out: InstanceLimitDto[] = [];
    for (const [instance, json] of Object.entries(fields)) {
      try {
        const v = JSON.parse(json) as { limit: number; at: number };
        if (now - v.at < INSTANCE_TTL_MS) out.push({ instance, limit: v.limit, at: new Date(v.at).toISOString(), self: instance === deps.instanceId });
      } catch {
        // not ours
      }
    }
    return out.sort((a, b) => a.instance.localeCompare(b.instance));
  }

  function adoptPin(service: string, raw: string | null, asOf: number): void {
    let rec: PinRecord | null = null;
    if (raw) {
      try {
        const v: unknown = JSON.parse(raw);
        if (isPin(v)) rec = v;
      } catch {
        // not ours
      }
    }
    // a pin set here after this round started is newer than what the round read
    const held = deps.pins.get(service);
    if (rec === null && held && held.at >= asOf) return;
    deps.pins.adopt(service, rec);
  }

  return {
    async start(): Promise<void> {
      deps.pins.setShare({
        publish(service, pin) {
          const done = pin ? redis.set(pinKey(service), JSON.stringify(pin), "PX", Math.max(1, pin.until - deps.clock.now())) : redis.del(pinKey(service));
          done.catch((err: unknown) => deps.log.warn({ err: (err as Error).message, service }, "pin not shared with the cluster (Redis unreachable): it holds on this instance only"));
        },
      });
      await redis.connect().catch((err: unknown) => deps.log.warn({ err: (err as Error).message }, "adaptive limits: Redis not reachable at start"));
      stop = deps.clock.every(LIMIT_SHARE_MS, () => {
        if (busy) return;
        busy = true;
        round()
          .then(() => (warned = false))
          .catch((err: unknown) => {
            if (!warned) deps.log.warn({ err: (err as Error).message }, "adaptive limits not exchanged (Redis unreachable); each instance keeps its own");
            warned = true;
          })
          .finally(() => (busy = false));
      });
    },
    /** Each live instance's limit for `service`, as last read (undefined before the first round). */
    instances(service: string): InstanceLimitDto[] | undefined {
      return seen.get(service);
    },
    async close(): Promise<void> {
      stop();
      deps.pins.setShare(undefined);
      redis.disconnect();
    },
  };
}
export type LimitShare = ReturnType<typeof createLimitShare>;
