// Real peers for the health checkers (no mocks): HTTP / HTTPS servers with a few routes, a plain
// TCP server, a closed port, a gRPC server implementing grpc.health.v1.Health/Check (statuses
// switchable per service), a WebSocket server that answers (or not) and can reject handshakes,
// and a "silent" TCP peer that accepts connections and never says anything.
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { AddressInfo } from "node:net";
import * as grpc from "@grpc/grpc-js";
import { WebSocketServer } from "ws";
import {
  decodeHealthCheckRequest,
  encodeHealthCheckResponse,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from "@/server/health/checkers/grpc-health-codec";

export interface SeenHttpRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface HttpPeer {
  url: string;
  port: number;
  requests: SeenHttpRequest[];
  count(path: string): number;
  close(): Promise<void>;
}

/**
 * Routes: /ok → 200 "status: ok", /status/<n> → that status, /json → {"state":"healthy","version":"1.2.3"},
 * /redirect → 302 to /ok, /big → 200 KiB of "x" then "needle", anything else → 404.
 */
function route(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://peer");
  const status = /^\/status\/(\d{3})$/.exec(url.pathname);
  if (url.pathname === "/ok") {
    res.writeHead(200, { "content-type": "text/plain" }).end("status: ok");
  } else if (status) {
    res.writeHead(Number(status[1]), { "content-type": "text/plain" }).end(`status ${status[1]}`);
  } else if (url.pathname === "/json") {
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ state: "healthy", version: "1.2.3" }));
  } else if (url.pathname === "/redirect") {
    res.writeHead(302, { location: "/ok" }).end();
  } else if (url.pathname === "/big") {
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("x".repeat(200 * 1024));
    res.end("needle");
  } else {
    res.writeHead(404).end("not found");
  }
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    (server as http.Server).closeAllConnections?.();
    server.close(() => resolve());
  });
}

async function startWebPeer(
  server: http.Server | https.Server,
  scheme: "http" | "https",
): Promise<HttpPeer> {
  const requests: SeenHttpRequest[] = [];
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    req.resume();
    route(req, res);
  });
  const port = await listen(server);
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    requests,
    count: (path) => requests.filter((r) => new URL(r.url, "http://peer").pathname === path).length,
    close: () => closeServer(server),
  };
}

export function startHttpPeer(): Promise<HttpPeer> {
  return startWebPeer(http.createServer(), "http");
}

export function startHttpsPeer(tls: { cert: string; key: string }): Promise<HttpPeer> {
  const server = https.createServer({ cert: tls.cert, key: tls.key });
  server.on("tlsClientError", () => {}); // rejected handshakes are expected in these tests
  return startWebPeer(server, "https");
}

export interface TcpPeer {
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Connections currently open. */
  readonly open: number;
  close(): Promise<void>;
}

function trackingServer(onSocket: (s: net.Socket) => void): {
  server: net.Server;
  sockets: Set<net.Socket>;
  stats: { accepted: number };
} {
  const sockets = new Set<net.Socket>();
  const stats = { accepted: 0 };
  const server = net.createServer((s) => {
    stats.accepted++;
    sockets.add(s);
    s.on("error", () => {});
    s.on("close", () => sockets.delete(s));
    onSocket(s);
  });
  return { server, sockets, stats };
}

async function startTracked(onSocket: (s: net.Socket) => void): Promise<TcpPeer> {
  const { server, sockets, stats } = trackingServer(onSocket);
  const port = await listen(server);
  return {
    port,
    get accepted() {
      return stats.accepted;
    },
    get open() {
      return sockets.size;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return closeServer(server);
    },
  };
}

/** Accepts connections and closes them after a short greeting. */
export function startTcpPeer(): Promise<TcpPeer> {
  return startTracked((s) => s.end("hello\n"));
}

/** Accepts TCP connections, reads and discards whatever arrives, and never answers. */
export function startSilentPeer(): Promise<TcpPeer> {
  return startTracked((s) => s.resume());
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await closeServer(server);
  return port;
}

export type ServingStatus = "UNKNOWN" | "SERVING" | "NOT_SERVING" | "SERVICE_UNKNOWN";
const STATUS_VALUES: Record<ServingStatus, number> = {
  UNKNOWN: 0,
  SERVING: 1,
  NOT_SERVING: 2,
  SERVICE_UNKNOWN: 3,
};

export interface GrpcHealthPeer {
  port: number;
  target: string;
  /** Sets the status reported for a service ("" = the server as a whole). */
  set(service: string, status: ServingStatus): void;
  /** Service names asked about, in order. */
  asked: string[];
  close(): Promise<void>;
}

/** A gRPC server implementing grpc.health.v1.Health/Check; unknown services get NOT_FOUND. */
export async function startGrpcHealthPeer(tls?: {
  cert: string;
  key: string;
}): Promise<GrpcHealthPeer> {
  const statuses = new Map<string, number>([["", STATUS_VALUES.SERVING]]);
  const asked: string[] = [];
  const server = new grpc.Server();
  const definition: grpc.ServiceDefinition = {
    Check: {
      path: "/grpc.health.v1.Health/Check",
      requestStream: false,
      responseStream: false,
      requestSerialize: (_: HealthCheckRequest) => Buffer.alloc(0),
      requestDeserialize: (buf: Buffer) => decodeHealthCheckRequest(buf),
      responseSerialize: (res: HealthCheckResponse) => encodeHealthCheckResponse(res),
      responseDeserialize: (_: Buffer) => ({ status: 0 }),
    },
  };
  server.addService(definition, {
    Check: (
      call: grpc.ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>,
      callback: grpc.sendUnaryData<HealthCheckResponse>,
    ) => {
      const service = call.request.service;
      asked.push(service);
      const status = statuses.get(service);
      if (status === undefined)
        callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${service}` });
      else callback(null, { status });
    },
  });
  const creds = tls
    ? grpc.ServerCredentials.createSsl(null, [
        { cert_chain: Buffer.from(tls.cert), private_key: Buffer.from(tls.key) },
      ])
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", creds, (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    port,
    target: `127.0.0.1:${port}`,
    set: (service, status) => void statuses.set(service, STATUS_VALUES[status]),
    asked,
    close: async () => server.forceShutdown(),
  };
}

export interface WsPeer {
  url: string;
  port: number;
  /** Messages received from clients. */
  received: string[];
  /** Handshake request headers seen. */
  handshakes: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

/**
 * A WebSocket server on /ws: with `reply`, answers each message with `reply(message)` (null = no
 * answer); `greeting` is sent on connect. Paths other than /ws are rejected with 404 before the
 * upgrade. With `tls`, serves wss:// instead.
 */
export async function startWsPeer(
  opts: {
    reply?: (msg: string) => string | null;
    greeting?: string;
    /** Serve wss:// with this certificate. */
    tls?: { cert: string; key: string };
  } = {},
): Promise<WsPeer> {
  const received: string[] = [];
  const handshakes: http.IncomingHttpHeaders[] = [];
  const onRequest = (_req: http.IncomingMessage, res: http.ServerResponse) =>
    res.writeHead(426).end("upgrade required");
  const server = opts.tls
    ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, onRequest)
    : http.createServer(onRequest);
  server.on("tlsClientError", () => {});
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    socket.on("error", () => {});
    if (new URL(req.url ?? "/", "http://peer").pathname !== "/ws") {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    handshakes.push(req.headers);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("error", () => {});
      if (opts.greeting !== undefined) ws.send(opts.greeting);
      ws.on("message", (data) => {
        const text = data.toString();
        received.push(text);
        const answer = opts.reply?.(text);
        if (answer != null) ws.send(answer);
      });
    });
  });
  const port = await listen(server);
  return {
    url: `${opts.tls ? "wss" : "ws"}://127.0.0.1:${port}/ws`,
    port,
    received,
    handshakes,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await closeServer(server);
    },
  };
}
