// Real, controllable upstream HTTP servers for gateway tests (no mocks): fixed status, latency,
// fail-N-times-then-ok, Retry-After, holding requests until released, echoing what arrived,
// streaming large bodies, counting bytes, requests (total, per path, concurrent peak) and aborts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApiClient } from "./api-client";
import { freshDatabase, type Provider, type TestDatabase } from "./databases";
import { startServer, type RunningServer } from "./server";

export interface Behaviour {
  /** Status of normal answers (default 200). */
  status: number;
  /** Delay before answering, ms. */
  latencyMs: number;
  /** The next `failTimes` requests are answered with `failStatus` (then normal answers). */
  failTimes: number;
  failStatus: number;
  /** Retry-After header on failure answers (failTimes, or every answer when `status` ≥ 500). */
  retryAfter?: string;
  /** Hold requests (after reading their body) until release(). */
  hold: boolean;
  /** Answer with a generated body of this many bytes (streamed, backpressure respected). */
  streamBytes: number;
  /** Extra response headers. */
  headers: Record<string, string>;
  /** A fixed text body instead of the JSON echo. */
  body?: string;
  /** The next `destroyTimes` requests get their connection destroyed instead of an answer. */
  destroyTimes: number;
}

export interface SeenRequest {
  method: string;
  /** The raw request target as received. */
  url: string;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  /** Body bytes received (all of them, even when not kept). */
  bytes: number;
  /** The first 64 KiB of the body. */
  body: string;
  /** Whether the request body arrived completely. */
  complete: boolean;
  at: number;
}

export interface Upstream {
  url: string;
  port: number;
  behaviour: Behaviour;
  /** Every request seen (recorded when its headers arrive; body fields fill in later). */
  requests: SeenRequest[];
  readonly total: number;
  count(path: string): number;
  readonly active: number;
  readonly maxActive: number;
  /** Requests whose connection closed before the answer was complete (client/proxy aborted). */
  readonly aborted: number;
  readonly held: number;
  set(b: Partial<Behaviour>): void;
  /** Stops holding and releases every held request. */
  release(): void;
  resetCounts(): void;
  close(): Promise<void>;
}

const KEEP = 64 * 1024;

export async function startUpstream(initial: Partial<Behaviour> = {}): Promise<Upstream> {
  const behaviour: Behaviour = { status: 200, latencyMs: 0, failTimes: 0, failStatus: 503, hold: false, streamBytes: 0, headers: {}, destroyTimes: 0, ...initial };
  const requests: SeenRequest[] = [];
  const perPath = new Map<string, number>();
  let active = 0;
  let maxActive = 0;
  let aborted = 0;
  let waiters: (() => void)[] = [];

  const server = http.createServer((req, res) => {
    const seen: SeenRequest = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      bytes: 0,
      body: "",
      complete: false,
      at: Date.now(),
    };
    requests.push(seen);
    const p = (req.url ?? "").split("?")[0]!;
    perPath.set(p, (perPath.get(p) ?? 0) + 1);
    active++;
    maxActive = Math.max(maxActive, active);
    let finished = false;
    res.once("close", () => {
      active--;
      if (!res.writableFinished) aborted++;
      finished = true;
    });
    const kept: Buffer[] = [];
    let keptBytes = 0;
    req.on("data", (c: Buffer) => {
      seen.bytes += c.length;
      if (keptBytes < KEEP) {
        kept.push(c);
        keptBytes += c.length;
      }
    });
    req.on("end", async () => {
      seen.complete = true;
      seen.body = Buffer.concat(kept).subarray(0, KEEP).toString("utf8");
      const b = behaviour;
      if (b.hold) await new Promise<void>((r) => waiters.push(r));
      if (b.latencyMs > 0) await new Promise((r) => setTimeout(r, b.latencyMs));
      if (finished) return;
      if (b.destroyTimes > 0) {
        b.destroyTimes--;
        req.socket.destroy();
        return;
      }
      const failing = b.failTimes > 0;
      if (failing) b.failTimes--;
      const status = failing ? b.failStatus : b.status;
      const headers: Record<string, string> = { ...b.headers };
      if (b.retryAfter !== undefined && (failing || status >= 500)) headers["retry-after"] = b.retryAfter;
      if (!failing && b.streamBytes > 0) {
        res.writeHead(status, { "content-type": "application/octet-stream", "content-length": String(b.streamBytes), ...headers });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let left = b.streamBytes;
        const write = () => {
          while (left > 0) {
            const n = Math.min(left, chunk.length);
            left -= n;
            if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once("drain", write);
          }
          res.end();
        };
        write();
        return;
      }
      const text =
        b.body ??
        JSON.stringify({ method: seen.method, url: seen.url, headers: seen.headers, bytes: seen.bytes, body: seen.body, status });
      res.writeHead(status, { "content-type": b.body === undefined ? "application/json" : "text/plain", ...headers });
      res.end(text);
    });
    req.on("error", () => undefined);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  const self: Upstream = {
    url: `http://127.0.0.1:${port}`,
    port,
    behaviour,
    requests,
    get total() {
      return requests.length;
    },
    count: (path: string) => perPath.get(path) ?? 0,
    get active() {
      return active;
    },
    get maxActive() {
      return maxActive;
    },
    get aborted() {
      return aborted;
    },
    get held() {
      return waiters.length;
    },
    set(b: Partial<Behaviour>) {
      Object.assign(behaviour, b);
    },
    release() {
      behaviour.hold = false;
      const w = waiters;
      waiters = [];
      for (const r of w) r();
    },
    resetCounts() {
      requests.length = 0;
      perPath.clear();
      maxActive = active;
      aborted = 0;
    },
    async close() {
      self.release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return self;
}

/**
 * Polls `fn` until it returns a truthy value (or doesn't throw), up to `timeoutMs`: every 50 ms at
 * first, then less and less often (every 250 ms after about a second), so that a long wait — most
 * polls are API requests — does not load a busy machine.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 15_000, what = "condition"): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  let pauseMs = 50;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${last instanceof Error ? last.message : String(last)}`);
    await new Promise((r) => setTimeout(r, pauseMs));
    pauseMs = Math.min(250, pauseMs * 1.2);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- a gateway under test: server + fresh database + signed-in clients --------------------------

export const ADMIN_PW = "admin-password-1";
export const OPERATOR_PW = "operator-password-1";
export const VIEWER_PW = "viewer-password-1";

export interface GatewayUnderTest {
  db: TestDatabase;
  server: RunningServer;
  admin: ApiClient;
  operator: ApiClient;
  viewer: ApiClient;
  /** fetch() against the gateway: <gatewayUrl>/<service><path>. */
  gw(service: string, path?: string, init?: RequestInit): Promise<Response>;
  createService(service: Record<string, unknown>): Promise<any>;
  breaker(name: string): Promise<any>;
  transitions(name: string): Promise<any[]>;
  bulkhead(service: string): Promise<any>;
  metrics(): Promise<string>;
  /** SIGKILLs (or stops) the server and starts it again on the same database and port. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** Starts an upstream that stop() closes. */
  upstream(behaviour?: Partial<Behaviour>): Promise<Upstream>;
  /** Stops the server, drops the database it made and closes the upstreams it started. */
  stop(): Promise<void>;
}

export async function startGateway(opts: { provider?: Provider; env?: Record<string, string>; db?: TestDatabase } = {}): Promise<GatewayUnderTest> {
  const db = opts.db ?? (await freshDatabase(opts.provider ?? "sqlite"));
  const env = { BREAKWATER_ADMIN_PASSWORD: ADMIN_PW, LOG_LEVEL: "warn", ...opts.env };
  let server = await startServer({ databaseUrl: db.url, env });
  const admin = new ApiClient(server.url);
  await admin.login("admin", ADMIN_PW);
  for (const [username, password, role] of [
    ["operator", OPERATOR_PW, "operator"],
    ["viewer", VIEWER_PW, "viewer"],
  ] as const) {
    const r = await admin.post("/api/v1/users", { username, password, role });
    if (r.status !== 201 && r.status !== 200) throw new Error(`creating ${username}: ${r.status} ${r.text}`);
  }
  const operator = new ApiClient(server.url);
  await operator.login("operator", OPERATOR_PW);
  const viewer = new ApiClient(server.url);
  await viewer.login("viewer", VIEWER_PW);

  const ok = async (p: Promise<{ status: number; json: any; text: string }>, what: string) => {
    const r = await p;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
    return r.json;
  };
  const upstreams = upstreamPool();
  const g: GatewayUnderTest = {
    db,
    server,
    admin,
    operator,
    viewer,
    gw: (service, path = "/", init) => fetch(`${server.gatewayUrl}/${service}${path}`, init),
    createService: (s) => ok(admin.post("/api/v1/services", s), `creating service ${String(s.name)}`),
    breaker: (name) => ok(viewer.get(`/api/v1/breakers/${name}`), `breaker ${name}`),
    transitions: (name) => ok(viewer.get(`/api/v1/breakers/${name}/transitions`), `transitions of ${name}`),
    bulkhead: async (service) => {
      const all = await ok(viewer.get("/api/v1/bulkheads"), "bulkheads");
      return (all as any[]).find((b) => b.service === service);
    },
    metrics: async () => (await fetch(`${server.url}/metrics`)).text(),
    async restart(signal = "SIGKILL") {
      await server.stop(signal);
      server = await startServer({ databaseUrl: db.url, env, port: server.port, gatewayPort: server.gatewayPort });
      g.server = server;
      // sessions live in the database: the clients stay signed in
    },
    upstream: upstreams.start,
    async stop() {
      await server.stop().catch(() => undefined);
      if (!opts.db) await db.drop().catch(() => undefined);
      await upstreams.closeAll();
    },
  };
  return g;
}

/** Starts upstreams and closes every one it started (for a rig's stop()). */
export function upstreamPool() {
  const started: Upstream[] = [];
  return {
    async start(behaviour?: Partial<Behaviour>): Promise<Upstream> {
      const u = await startUpstream(behaviour);
      started.push(u);
      return u;
    },
    closeAll: () => Promise.all(started.map((u) => u.close().catch(() => undefined))),
  };
}

/** Breaker settings that never trip (for tests about something else). */
export const CALM_BREAKER = { minimumCalls: 10_000, window: { type: "count", size: 10_000 } };

/** A breaker over a count window of `size` calls that may trip after `minimumCalls`, plus `more`. */
export function countBreaker(minimumCalls: number, size: number, more: Record<string, unknown> = {}) {
  return { minimumCalls, window: { type: "count", size }, ...more };
}

/**
 * Lifts the operator's forced state of breaker `name` (to `to`, or where the API sends it by
 * default): throws unless the answer is 200 with no override left; returns the breaker.
 */
export async function liftForce(g: GatewayUnderTest, name: string, to?: string): Promise<any> {
  const r = await g.operator.delete(`/api/v1/breakers/${name}/force${to ? `?to=${to}` : ""}`);
  if (r.status !== 200 || r.json.override !== undefined) throw new Error(`lifting the force on ${name}: ${r.status} ${r.text}`);
  return r.json;
}

/** Sends `count` requests to `svc` one after another (reading each body) and returns their statuses. */
export async function sendCalls(g: GatewayUnderTest, svc: string, count: number, path = "/x"): Promise<number[]> {
  const codes: number[] = [];
  for (let i = 0; i < count; i++) {
    const r = await g.gw(svc, path);
    await r.arrayBuffer();
    codes.push(r.status);
  }
  return codes;
}

/** Creates service `name` on `up` with a calm breaker and no retries, plus `extra` (its limits). */
export function calmService(g: GatewayUnderTest, name: string, up: Upstream, extra: Record<string, unknown> = {}): Promise<any> {
  return g.createService({ name, baseUrl: up.url, breaker: CALM_BREAKER, retry: { maxAttempts: 1 }, ...extra });
}

/**
 * A maker of fresh services on `gateway()`: each call starts an upstream (kept in `ups` to be
 * closed) and a service on it, named `${prefix}-${n}`, with a calm breaker and no retries.
 */
export function calmServices(gateway: () => GatewayUnderTest, ups: Upstream[]) {
  let n = 0;
  return async (prefix: string, b?: Partial<Behaviour>, extra: Record<string, unknown> = {}) => {
    const u = await startUpstream(b);
    ups.push(u);
    const name = `${prefix}-${++n}`;
    await calmService(gateway(), name, u, extra);
    return { name, up: u };
  };
}
