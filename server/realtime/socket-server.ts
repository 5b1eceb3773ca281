// Socket.IO on the shared HTTP server: authenticated handshakes (session cookie or bearer token,
// see socket-auth.ts, which also closes connections whose credential stops working),
// a `snapshot` on every (re)connection, topic rooms so each page receives only what it shows.
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import {
  COALESCE_INTERVAL_MS,
  topicListSchema,
  type ClientToServerEvents,
  type HealthResultEventDto,
  type ServerToClientEvents,
} from "@/lib/contracts/realtime";
import type { SloStatusDto } from "@/lib/contracts/slos";
import type { Runtime } from "../runtime";
import { authenticateHandshake, enforceCredentials, joinCredentialRooms, type SocketData } from "./socket-auth";
import { startLiveStats } from "./live-stats";
import { createCoalescer } from "./coalesce";
import { breakerDto, safeIso } from "../breakers/dto";


// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no server-to-server events
export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no server-to-server events
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;

export function createSocketServer(httpServer: HttpServer, rt: Runtime): LiveServer {
  const io: LiveServer = new Server(httpServer, {
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

  io.on("connection", (socket) => serveConnection(socket, rt));
  bridgeEvents(io, rt, httpServer);
  return io;
}

/** One connection: the full current state first, then the topics it asks for. */
function serveConnection(socket: LiveSocket, rt: Runtime): void {
  const principal = socket.data.principal;
  joinCredentialRooms(socket);
  // the full current state first, so a reconnecting client replaces whatever it had
  socket.emit("snapshot", {
    user: { username: principal.username, role: principal.role },
    serverTime: new Date(rt.clock.now()).toISOString(),
    startedAt: rt.startedAt.toISOString(),
    breakers: rt.breakers.list(),
    bulkheads: rt.breakers.bulkheads(),
    alerts: rt.alerts.open(),
    cluster: rt.clusterStatus(),
  });
  const topicsOf = (raw: unknown) => topicListSchema.safeParse(raw);
  socket.on("subscribe", (raw, ack) => {
    const parsed = topicsOf(raw);
    if (!parsed.success) return ack?.({ ok: false, error: { code: "validation_failed", message: "topics must be a list of topic names" } });
    for (const t of parsed.data) void socket.join(`topic:${t}`);
    ack?.({ ok: true, data: { topics: parsed.data } });
  });
  socket.on("unsubscribe", (raw, ack) => {
    const parsed = topicsOf(raw);
    if (!parsed.success) return ack?.({ ok: false, error: { code: "validation_failed", message: "topics must be a list of topic names" } });
    for (const t of parsed.data) void socket.leave(`topic:${t}`);
    ack?.({ ok: true, data: { topics: parsed.data } });
  });
}

/** Domain events to the browsers: immediate ones to everyone, coalesced ones to their topic rooms. */
function bridgeEvents(io: LiveServer, rt: Runtime, httpServer: HttpServer): void {
  // every role may read the audit trail
  rt.events.on("audit:entry", ({ ip: _ip, ...entry }) => io.to("topic:audit").emit("audit:entry", entry));
  // every role may read breaker states: transitions go to every connection, immediately, with the
  // breaker's new view (state, override, metrics) so clients need no extra request
  rt.breakerRegistry.on("stateChanged", ({ event: e, status }) => {
    // in a cluster the instance where a change happened tells every browser (through the adapter)
    if (e.remote) return;
    io.emit("breaker:state", {
      name: e.name,
      from: e.from,
      to: e.to,
      reason: e.reason,
      ...(e.actor ? { actor: e.actor } : {}),
      at: safeIso(e.at),
      ...(e.halfOpenAt ? { halfOpenAt: safeIso(e.halfOpenAt) } : {}),
      breaker: breakerDto(e.name, status),
    });
  });
  rt.events.on("cluster:status", (st) => io.local.emit("cluster:status", st));
  rt.events.on("service:changed", ({ name }) => io.to("topic:services").emit("service:changed", { name }));
  // alerts reach every page at once (toasts); SLO statuses only the SLO pages, coalesced
  rt.events.on("alert:fired", (a) => io.emit("alert:fired", a));
  rt.events.on("alert:updated", (a) => io.emit("alert:updated", a));
  // chaos experiments reach every page (the banner with its stop button): the instance that runs
  // one tells every browser (through the adapter), at most once a second while it runs
  rt.events.on("experiment:updated", (dto) => io.emit("experiment:updated", dto));
  const clock = rt.clock;
  const at = () => new Date(clock.now()).toISOString();
  const slos = createCoalescer<{ id: string; status: SloStatusDto }>(clock, COALESCE_INTERVAL_MS, (items) =>
    io.local.to("topic:slos").emit("slo:status", { slos: items, at: at() }),
  );
  rt.events.on("slo:status", (s) => slos.put(s.id, s));
  // health results: the latest per check
  const health = createCoalescer<HealthResultEventDto>(clock, COALESCE_INTERVAL_MS, (results) =>
    io.local.to("topic:health").emit("health:result", { results, at: at() }),
  );
  rt.events.on("health:result", (e) => health.put(e.id, e));
  const stopStats = startLiveStats(io, rt, clock);
  httpServer.once("close", () => {
    slos.stop();
    health.stop();
    stopStats();
  });

}
