// One round of the adaptive limit exchange (docs/ADAPTIVE.md "Cluster mode"), run by createLimitShare
// once a second: publishes this instance's limit per adaptive service, reads every instance's, and
// adopts the cluster's pin. Owns what the last round saw (each live instance's limit per service).
import type Redis from "ioredis";
import type { InstanceLimitDto } from "@/lib/contracts/adaptive";
import type { ServerClock } from "../clock";
import type { Gateway } from "../gateway/gateway";
import type { AdaptivePins, PinRecord } from "../adaptive/pins";
import { INSTANCE_TTL_MS } from "./cluster";

export interface LimitRoundDeps {
  instanceId: string;
  gateway: Gateway;
  pins: AdaptivePins;
  clock: ServerClock;
}

/** The Redis keys of the exchange: a hash of instance limits and the pin, per service. */
export function limitShareKeys(namespace: string) {
  const ns = `bw:${namespace}:adaptive`;
  return { limitsKey: (s: string) => `${ns}:limits:${s}`, pinKey: (s: string) => `${ns}:pin:${s}` };
}

const isPin = (v: unknown): v is PinRecord => {
  const p = v as PinRecord;
  return typeof p === "object" && p !== null && Number.isInteger(p.limit) && typeof p.reason === "string" && typeof p.actor === "string" && Number.isFinite(p.at) && Number.isFinite(p.until);
};

function parsePin(raw: string | null): PinRecord | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return isPin(v) ? v : null;
  } catch {
    return null; // not ours
  }
}

/** The live instances in a limits hash, sorted by instance id. */
function instancesOf(fields: Record<string, string>, now: number, self: string): InstanceLimitDto[] {
  const out: InstanceLimitDto[] = [];
  for (const [instance, json] of Object.entries(fields)) {
    try {
      const v = JSON.parse(json) as { limit: number; at: number };
      if (now - v.at < INSTANCE_TTL_MS) out.push({ instance, limit: v.limit, at: new Date(v.at).toISOString(), self: instance === self });
    } catch {
      // not ours
    }
  }
  return out.sort((a, b) => a.instance.localeCompare(b.instance));
}

export function createLimitRound(deps: LimitRoundDeps, redis: Redis, keys: ReturnType<typeof limitShareKeys>) {
  const seen = new Map<string, InstanceLimitDto[]>();

  function adoptPin(service: string, raw: string | null, asOf: number): void {
    const rec = parsePin(raw);
    // a pin set here after this round started is newer than what the round read
    const held = deps.pins.get(service);
    if (rec === null && held && held.at >= asOf) return;
    deps.pins.adopt(service, rec);
  }

  return {
    async run(): Promise<void> {
      const list = [...deps.gateway.services.values()].filter((sg) => sg.adaptive);
      if (list.length === 0) return void seen.clear();
      const asOf = deps.clock.now();
      const p = redis.pipeline();
      for (const sg of list) {
        const key = keys.limitsKey(sg.service.name);
        p.hset(key, deps.instanceId, JSON.stringify({ limit: sg.adaptive!.limit, at: asOf }));
        p.pexpire(key, 10 * INSTANCE_TTL_MS);
        p.hgetall(key);
        p.get(keys.pinKey(sg.service.name));
      }
      const res = (await p.exec()) ?? [];
      const names = new Set<string>();
      list.forEach((sg, i) => {
        const name = sg.service.name;
        names.add(name);
        const fields = (res[i * 4 + 2]?.[1] ?? {}) as Record<string, string>;
        seen.set(name, instancesOf(fields, deps.clock.now(), deps.instanceId));
        const raw = res[i * 4 + 3]?.[1] as string | null | undefined;
        adoptPin(name, raw ?? null, asOf);
      });
      for (const name of [...seen.keys()]) if (!names.has(name)) seen.delete(name);
    },
    /** Each live instance's limit for `service`, as last read (undefined before the first round). */
    instances(service: string): InstanceLimitDto[] | undefined {
      return seen.get(service);
    },
  };
}
