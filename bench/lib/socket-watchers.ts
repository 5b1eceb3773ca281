/**
 * Child process for the `realtime` benchmark: N Socket.IO clients (socket.io-client, websocket
 * transport, API-token auth) subscribed to breakers + bulkheads, like dashboards watching the
 * gateway. Driven over IPC by bench/realtime.ts:
 *   {cmd:"connect", url, token, n}  → connects and subscribes n clients → {ok, ms}
 *   {cmd:"collect"}                 → {events, counts} and clears (events: every breaker:state receipt)
 *   {cmd:"disconnect"}              → closes every client → {ok}
 * Receipt times are Date.now() (wall clock, the same clock the server stamps `at` with).
 */
import { io, type Socket } from "socket.io-client";

export interface Receipt {
  client: number;
  name: string;
  to: string;
  at: number;
  recv: number;
}

let sockets: Socket[] = [];
let events: Receipt[] = [];
const counts = { "breaker:state": 0, "breaker:stats": 0, "bulkhead:stats": 0, snapshot: 0, other: 0 };

function connectOne(url: string, token: string, i: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(url, { transports: ["websocket"], auth: { token }, reconnection: false, forceNew: true, timeout: 20_000 });
    s.on("breaker:state", (e: { name: string; to: string; at: string }) => {
      events.push({ client: i, name: e.name, to: e.to, at: Date.parse(e.at), recv: Date.now() });
      counts["breaker:state"]++;
    });
    s.on("breaker:stats", () => counts["breaker:stats"]++);
    s.on("bulkhead:stats", () => counts["bulkhead:stats"]++);
    s.on("snapshot", () => counts.snapshot++);
    s.once("connect_error", (err) => reject(err));
    s.once("connect", () => {
      s.emit("subscribe", ["breakers", "bulkheads"], (r: { ok: boolean }) => (r?.ok ? resolve(s) : reject(new Error("subscribe refused"))));
    });
  });
}

process.on("message", (m: { cmd: string; url?: string; token?: string; n?: number }) => {
  void (async () => {
    try {
      if (m.cmd === "connect") {
        const t0 = Date.now();
        const batch: Promise<Socket>[] = [];
        for (let i = 0; i < (m.n ?? 0); i++) batch.push(connectOne(m.url!, m.token!, sockets.length + i));
        sockets.push(...(await Promise.all(batch)));
        process.send!({ ok: true, ms: Date.now() - t0, connected: sockets.filter((s) => s.connected).length });
      } else if (m.cmd === "collect") {
        process.send!({ ok: true, events, counts: { ...counts }, connected: sockets.filter((s) => s.connected).length });
        events = [];
        for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] = 0;
      } else if (m.cmd === "disconnect") {
        for (const s of sockets) s.disconnect();
        sockets = [];
        process.send!({ ok: true });
      } else if (m.cmd === "exit") {
        process.exit(0);
      }
    } catch (err) {
      process.send!({ ok: false, error: String(err) });
    }
  })();
});
process.send!({ ready: true });
