// The cluster's Redis connections: one for commands (with the CAS and trial-lease scripts defined,
// failing fast while Redis is away: degraded mode covers it) and one subscriber (which queues and
// reconnects for ever), both connected by the cluster's start.
import Redis from "ioredis";
import { ACQUIRE_TRIAL, CAS_RECORD } from "./scripts";

export type CommandClient = Redis & {
  bwCas(key: string, expected: number, rec: string, channel: string, name: string, origin: string): Promise<[number, number, string?]>;
  bwTrial(key: string, max: number, leaseMs: number, now: number, id: string): Promise<number>;
};

export function createRedisClients(url: string): { cmd: CommandClient; sub: Redis } {
  const options = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times: number) => Math.min(2000, 100 * times),
  };
  const cmd = new Redis(url, options);
  const sub = new Redis(url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null });
  cmd.defineCommand("bwCas", { numberOfKeys: 1, lua: CAS_RECORD });
  cmd.defineCommand("bwTrial", { numberOfKeys: 1, lua: ACQUIRE_TRIAL });
  return { cmd: cmd as CommandClient, sub };
}

/** Clients for the Socket.IO Redis adapter (their own connections). */
export function adapterClients(url: string): { pub: Redis; sub: Redis } {
  return { pub: new Redis(url, { lazyConnect: false, maxRetriesPerRequest: null }), sub: new Redis(url, { lazyConnect: false, maxRetriesPerRequest: null }) };
}
