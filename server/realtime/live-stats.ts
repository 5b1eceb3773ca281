// Coalesced live statistics (of this instance: io.local, also in a cluster): every 250 ms (so at most 4 messages a second, whatever the traffic)
// the breakers, bulkheads and service traffic that changed since the last message are sent to the sockets that
// watch them. Nothing runs on the request path.
import { COALESCE_INTERVAL_MS } from "@/lib/contracts/realtime";
import type { Runtime } from "../runtime";
import type { ServerClock } from "../clock";
import type { LiveServer } from "./socket-server";

function changed<T extends { [k: string]: unknown }>(items: T[], key: (t: T) => string, last: Map<string, string>): T[] {
  const out: T[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    seen.add(k);
    const json = JSON.stringify(item);
    if (last.get(k) !== json) {
      last.set(k, json);
      out.push(item);
    }
  }
  for (const k of [...last.keys()]) if (!seen.has(k)) last.delete(k);
  return out;
}

const TRAFFIC_EVERY_MS = 1_000;
/** 5 minutes of 10-second slots per service in a live message. */
const TRAFFIC_LIVE_SLOTS = 30;

export function startLiveStats(io: LiveServer, rt: Runtime, clock: ServerClock): () => void {
  const lastBreakers = new Map<string, string>();
  const lastBulkheads = new Map<string, string>();
  const lastTraffic = new Map<string, string>();
  let trafficAt = 0;
  const roomSize = (room: string) => io.sockets.adapter.rooms.get(room)?.size ?? 0;
  const at = () => new Date(clock.now()).toISOString();
  return clock.every(COALESCE_INTERVAL_MS, () => {
    try {
      if (roomSize("topic:breakers") > 0) {
        const breakers = changed(rt.breakers.list(), (b) => b.name, lastBreakers);
        if (breakers.length > 0) io.local.to("topic:breakers").emit("breaker:stats", { breakers, at: at() });
      } else lastBreakers.clear();
      if (roomSize("topic:bulkheads") > 0) {
        const bulkheads = changed(rt.breakers.bulkheads(), (b) => b.service, lastBulkheads);
        if (bulkheads.length > 0) io.local.to("topic:bulkheads").emit("bulkhead:stats", { bulkheads, at: at() });
      } else lastBulkheads.clear();
      if (roomSize("topic:traffic") > 0) {
        // the figures move with every request: read them once a second, not every tick
        if (clock.now() - trafficAt >= TRAFFIC_EVERY_MS) {
          trafficAt = clock.now();
          const services = changed(rt.gateway.traffic.snapshot(rt.gateway.services.keys(), TRAFFIC_LIVE_SLOTS).services, (s) => s.service, lastTraffic);
          if (services.length > 0) io.local.to("topic:traffic").emit("traffic:stats", { services, at: at() });
        }
      } else lastTraffic.clear();
    } catch (err) {
      rt.log.warn({ err }, "live stats failed");
    }
  });
}
