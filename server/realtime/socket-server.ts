// Socket.IO on the shared HTTP server: authenticated handshakes (session cookie or bearer token,
// see socket-auth.ts, which also closes connections whose credential stops working),
// a `snapshot` on every (re)connection, topic rooms so each page receives only what it shows.
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import type { Runtime } from "../runtime";
import { authenticateHandshake, enforceCredentials, joinCredentialRooms, type SocketData } from "./socket-auth";
import { startLiveStats } from "./live-stats";
import { createAdapter } from "@socket.io/redis-adapter";

export const TOPICS = ["audit", "breakers", "bulkheads", "services", "slos", "health"] as const;
export type Topic = (typeof TOPICS)[number];


export function createSocketServer(httpServer: HttpServer, rt: Runtime): Server {
  const io = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    // other upgrade requests (Next.js dev HMR) are handed on, not destroyed
    destroyUpgrade: false,
    pingInterval: 10_000,
    pingTimeout: 5_000,
  });

  // cluster mode: events emitted on any instance reach the browsers connected to every instance
  if (rt.cluster) {
    const { pub, sub } = rt.cluster.adapterClients();
    pub.on("error", () => undefined);
    sub.on("error", () => undefined);
    io.adapter(createAdapter(pub, sub, { key: `bw:${rt.config.redisNamespace}:socket.io` }));
    httpServer.once("close", () => {
      pub.disconnect();
      sub.disconnect();
    });
  }

  io.use(authenticateHandshake(rt));
  const stopEnforcing = enforceCredentials(io, rt);
  httpServer.once("close", stopEnforcing);

  io.on("connection", (socket: Socket) => {
    const principal = (socket.data as SocketData).principal;
    joinCredentialRooms(socket);
    // the full current state first, so a reconnecting client replaces whatever it had
    socket.emit("snapshot", {
      user: { username: principal.username, role: principal.role },
      serverTime: new Date().toISOString(),
      startedAt: rt.startedAt.toISOString(),
      breakers: rt.breakers.list(),
      bulkheads: rt.breakers.bulkheads(),
      alerts: rt.alerts.open(),
      cluster: rt.clusterStatus(),
    });
    socket.on("subscribe", (topics: unknown, ack?: (r: unknown) => void) => {
      const wanted = Array.isArray(topics) ? topics.filter((t): t is Topic => (TOPICS as readonly string[]).includes(String(t))) : [];
      for (const t of wanted) void socket.join(`topic:${t}`);
      ack?.({ ok: true, data: { topics: wanted } });
    });
    socket.on("unsubscribe", (topics: unknown, ack?: (r: unknown) => void) => {
      const list = Array.isArray(topics) ? topics.map(String) : [];
      for (const t of list) void socket.leave(`topic:${t}`);
      ack?.({ ok: true, data: { topics: list } });
    });
  });

  // every role may read the audit trail
  rt.events.on("audit:entry", ({ ip: _ip, ...entry }) => io.to("topic:audit").emit("audit:entry", entry));
  // every role may read breaker states: transitions go to every connection, immediately, with the
  // breaker's new view (state, override, metrics) so clients need no extra request
  rt.events.on("breaker:state", (e) => {
    // in a cluster the instance where a change happened tells every browser (through the adapter)
    if (e.remote) return;
    queueMicrotask(() => {
      let breaker: unknown;
      try {
        breaker = rt.breakers.get(e.name);
      } catch {
        breaker = undefined; // the service was just removed
      }
      io.emit("breaker:state", {
        name: e.name,
        from: e.from,
        to: e.to,
        reason: e.reason,
        ...(e.actor ? { actor: e.actor } : {}),
        at: new Date(e.at).toISOString(),
        ...(e.halfOpenAt ? { halfOpenAt: new Date(e.halfOpenAt).toISOString() } : {}),
        ...(breaker ? { breaker } : {}),
      });
    });
  });
  rt.events.on("cluster:status", (st) => io.local.emit("cluster:status", st));
  rt.events.on("service:changed", ({ name }) => io.to("topic:services").emit("service:changed", { name }));
  // alerts reach every page at once (toasts); SLO statuses only the SLO pages, coalesced
  rt.events.on("alert:fired", (a) => io.emit("alert:fired", a));
  rt.events.on("alert:updated", (a) => io.emit("alert:updated", a));
  const pendingSlo = new Map<string, unknown>();
  rt.events.on("slo:status", ({ id, status }) => pendingSlo.set(id, status));
  const sloTimer = setInterval(() => {
    if (pendingSlo.size === 0) return;
    const slos = [...pendingSlo.entries()].map(([id, status]) => ({ id, status }));
    pendingSlo.clear();
    io.local.to("topic:slos").emit("slo:status", { slos, at: new Date().toISOString() });
  }, 250);
  sloTimer.unref();
  httpServer.once("close", () => clearInterval(sloTimer));
  // health results: the latest per check, coalesced to at most 4 messages a second
  const pendingHealth = new Map<string, unknown>();
  rt.events.on("health:result", (e) => pendingHealth.set(e.id, e));
  const healthTimer = setInterval(() => {
    if (pendingHealth.size === 0) return;
    const results = [...pendingHealth.values()];
    pendingHealth.clear();
    io.local.to("topic:health").emit("health:result", { results, at: new Date().toISOString() });
  }, 250);
  healthTimer.unref();
  httpServer.once("close", () => clearInterval(healthTimer));
  const stopStats = startLiveStats(io, rt);
  httpServer.once("close", stopStats);

  return io;
}

