// Coalesced live statistics (of this instance: io.local, also in a cluster): every 250 ms (so at most 4 messages a second, whatever the traffic)
// the breakers and bulkheads that changed since the last message are sent to the sockets that
// watch them. Nothing runs on the request path.
import type { Server } from "socket.io";
import type { Runtime } from "../runtime";

export const STATS_INTERVAL_MS = 250;

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

export function startLiveStats(io: Server, rt: Runtime): () => void {
  const lastBreakers = new Map<string, string>();
  const lastBulkheads = new Map<string, string>();
  const roomSize = (room: string) => io.sockets.adapter.rooms.get(room)?.size ?? 0;
  const timer = setInterval(() => {
    try {
      if (roomSize("topic:breakers") > 0) {
        const breakers = changed(rt.breakers.list(), (b) => b.name, lastBreakers);
        if (breakers.length > 0) io.local.to("topic:breakers").emit("breaker:stats", { breakers, at: new Date().toISOString() });
      } else lastBreakers.clear();
      if (roomSize("topic:bulkheads") > 0) {
        const bulkheads = changed(rt.breakers.bulkheads(), (b) => b.service, lastBulkheads);
        if (bulkheads.length > 0) io.local.to("topic:bulkheads").emit("bulkhead:stats", { bulkheads, at: new Date().toISOString() });
      } else lastBulkheads.clear();
    } catch (err) {
      rt.log.warn({ err }, "live stats failed");
    }
  }, STATS_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
