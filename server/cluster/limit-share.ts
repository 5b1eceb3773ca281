// Cluster mode, adaptive bulkheads (docs/ADAPTIVE.md "Cluster mode"): every instance adapts on its
// own traffic; once a second it publishes its limit per adaptive service (a hash field per
// instance, expiring) and reads the others', so every dashboard shows each instance's limit. A pin
// is an operator action and applies cluster-wide: it is stored in Redis with the pin's ttl and
// adopted by every instance on its next round. Nothing here runs on the request path. Without
// Redis, each instance keeps its own limit and pins (the view then lists what it last saw).
import Redis from "ioredis";
import type { ServerClock } from "../clock";
import type { Gateway } from "../gateway/gateway";
import type { Logger } from "../logger";
import type { AdaptivePins } from "../adaptive/pins";
import { createLimitRound, limitShareKeys } from "./limit-share-round";

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

export function createLimitShare(deps: LimitShareDeps) {
  const keys = limitShareKeys(deps.namespace);
  const { pinKey } = keys;
  const redis = new Redis(deps.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: (n: number) => Math.min(2000, 100 * n) });
  redis.on("error", () => undefined);
  let stop = () => {};
  let busy = false;
  let warned = false;

  const round = createLimitRound(deps, redis, keys);

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
        round
          .run()
          .then(() => (warned = false))
          .catch((err: unknown) => {
            if (!warned) deps.log.warn({ err: (err as Error).message }, "adaptive limits not exchanged (Redis unreachable); each instance keeps its own");
            warned = true;
          })
          .finally(() => (busy = false));
      });
    },
    /** Each live instance's limit for `service`, as last read (undefined before the first round). */
    instances: round.instances,
    async close(): Promise<void> {
      stop();
      deps.pins.setShare(undefined);
      redis.disconnect();
    },
  };
}
export type LimitShare = ReturnType<typeof createLimitShare>;
