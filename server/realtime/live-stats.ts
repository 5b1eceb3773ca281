// Coalesced live statistics (of this instance: io.local, also in a cluster): every 250 ms (so at most 4 messages a second, whatever the traffic)
// the breakers and bulkheads that changed since the last message are sent to the sockets that
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

export function startLiveStats(io: LiveServer, rt: Runtime, clock: ServerClock): () => void {
  const lastBreakers = new Map<string, string>();
  const lastBulkheads = new Map<string, string>();
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
    } catch (err) {
      rt.log.warn({ err }, "live stats failed");
    }
  });
}
