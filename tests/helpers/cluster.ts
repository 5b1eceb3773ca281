// Cluster-mode test rigs with real peers (no mocks): a private redis-server child process on a free
// port (never the system Redis on 6379), stoppable and restartable on the same port to simulate an
// outage, and N Breakwater instances sharing one fresh PostgreSQL database and that Redis, each with
// its own port and BREAKWATER_INSTANCE_ID, under a namespace unique to the test file.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { ApiClient } from "./api-client";
import { freshPostgres, type TestDatabase } from "./databases";
import { freePort, ROOT, startServer, type RunningServer } from "./server";
import { io as connectSocket, type Socket } from "socket.io-client";
import { ADMIN_PW, upstreamPool, waitFor, type Behaviour, type Upstream } from "./upstreams";

export const REDIS_SERVER = process.env.TEST_REDIS_SERVER ?? "/usr/bin/redis-server";

// whatever happens, no redis-server started here outlives the test run
const redisChildren = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of redisChildren)
    if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

/** Sends one inline command and returns the raw reply (for PING and INFO without a client library). */
export function redisCommand(port: number, command: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: "127.0.0.1", port });
    let buf = "";
    const t = setTimeout(() => {
      s.destroy();
      reject(new Error(`redis on ${port}: no answer to ${command} within ${timeoutMs} ms`));
    }, timeoutMs);
    s.once("error", (e) => {
      clearTimeout(t);
      reject(e);
    });
    s.once("connect", () => s.write(`${command}\r\n`));
    s.on("data", (d: Buffer) => {
      buf += d.toString();
      // simple replies end at the first CRLF; bulk replies ($len) once len bytes have arrived
      const bulk = /^\$(-?\d+)\r\n/.exec(buf);
      const done = bulk
        ? Number(bulk[1]) < 0 || Buffer.byteLength(buf) >= bulk[0].length + Number(bulk[1]) + 2
        : buf.includes("\r\n");
      if (done) {
        clearTimeout(t);
        s.destroy();
        resolve(bulk ? buf.slice(bulk[0].length, bulk[0].length + Number(bulk[1])) : buf.trim());
      }
    });
  });
}

export interface PrivateRedis {
  port: number;
  url: string;
  readonly running: boolean;
  /** (Re)starts redis-server on the same port, empty, and waits for PING. */
  start(): Promise<void>;
  /** Stops it (SIGTERM, or SIGKILL for a crash) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Runs one inline command (e.g. `KEYS bw:*`, `INFO commandstats`). */
  command(cmd: string): Promise<string>;
  /** Total calls over every command (INFO commandstats). */
  totalCalls(): Promise<number>;
  output(): string;
}

export async function startRedis(opts: { port?: number } = {}): Promise<PrivateRedis> {
  const port = opts.port ?? (await freePort());
  let proc: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let out = "";
  const self: PrivateRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return !!proc && proc.exitCode === null && proc.signalCode === null;
    },
    async start() {
      if (self.running) return;
      const p = spawn(
        REDIS_SERVER,
        [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--save",
          "",
          "--appendonly",
          "no",
          "--protected-mode",
          "no",
        ],
        {
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      proc = p;
      redisChildren.add(p);
      p.stdout!.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
      p.stderr!.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
      exited = new Promise<void>((resolve) =>
        p.once("exit", () => (redisChildren.delete(p), resolve())),
      );
      const deadline = Date.now() + 15_000;
      for (;;) {
        if (p.exitCode !== null)
          throw new Error(`redis-server on ${port} exited with ${p.exitCode}:\n${out}`);
        try {
          if ((await redisCommand(port, "PING", 500)) === "+PONG") return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline)
          throw new Error(`redis-server on ${port} did not answer PING within 15 s:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (!proc || !self.running) return;
      const p = proc;
      p.kill(signal);
      const t = setTimeout(() => p.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(t);
    },
    command: (cmd) => redisCommand(port, cmd),
    async totalCalls() {
      const info = await redisCommand(port, "INFO commandstats");
      let total = 0;
      for (const m of info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)) total += Number(m[1]);
      return total;
    },
    output: () => out,
  };
  await self.start();
  return self;
}

// ------------------------------------------------------------------------------------ instances

export interface Instance {
  id: string;
  server: RunningServer;
  url: string;
  /** Signed in as admin (admin may do everything an operator may). */
  admin: ApiClient;
  gw(service: string, path?: string, init?: RequestInit): Promise<Response>;
  /** The breaker DTO as this instance sees it. */
  breaker(name: string): Promise<any>;
  /** GET /api/v1/cluster */
  cluster(): Promise<any>;
  force(name: string, state: "open" | "closed", ttlSeconds?: number): Promise<any>;
  lift(name: string): Promise<any>;
}

export interface ClusterUnderTest {
  redis: PrivateRedis;
  db: TestDatabase;
  namespace: string;
  nodes: Instance[];
  /** Creates a service through the first instance and waits until every instance serves it. */
  createService(service: Record<string, unknown>): Promise<any>;
  /** Waits until every (running) instance sees the breaker in one of these states. */
  waitState(
    name: string,
    states: string | string[],
    timeoutMs?: number,
    nodes?: Instance[],
  ): Promise<void>;
  /** Starts an upstream that stop() closes. */
  upstream(behaviour?: Partial<Behaviour>): Promise<Upstream>;
  /**
   * Connects a Socket.IO client to `node` with its admin session (what a browser on it does);
   * `listen` adds the listeners before the snapshot; resolves with the snapshot. stop() closes it.
   */
  socket(node: Instance, listen: (s: Socket) => void): Promise<any>;
  stop(): Promise<void>;
}

/** Two instances of a cluster: A and B. */
export interface TwoInstances {
  c: ClusterUnderTest;
  A: Instance;
  B: Instance;
}

export async function startTwoInstances(label: string, env?: Record<string, string>): Promise<TwoInstances> {
  const c = await startCluster({ label, env });
  const [A, B] = c.nodes as [Instance, Instance];
  return { c, A, B };
}

async function instance(id: string, server: RunningServer): Promise<Instance> {
  const admin = new ApiClient(server.url);
  await admin.login("admin", ADMIN_PW);
  const ok = async (p: Promise<{ status: number; json: any; text: string }>, what: string) => {
    const r = await p;
    if (r.status >= 300) throw new Error(`${id}: ${what}: ${r.status} ${r.text}`);
    return r.json;
  };
  return {
    id,
    server,
    url: server.url,
    admin,
    gw: (service, path = "/", init) => fetch(`${server.gatewayUrl}/${service}${path}`, init),
    breaker: (name) => ok(admin.get(`/api/v1/breakers/${name}`), `breaker ${name}`),
    cluster: () => ok(admin.get("/api/v1/cluster"), "cluster status"),
    force: (name, state, ttlSeconds) =>
      ok(
        admin.post(`/api/v1/breakers/${name}/force`, {
          state,
          reason: `cluster test on ${id}`,
          ...(ttlSeconds ? { ttlSeconds } : {}),
        }),
        `forcing ${name} ${state}`,
      ),
    lift: (name) => ok(admin.delete(`/api/v1/breakers/${name}/force?to=closed`), `lifting ${name}`),
  };
}

/**
 * The production build must exist; another engineer's `next build` may be replacing it right now:
 * wait for it (up to 10 min) rather than fail.
 */
export async function waitForBuild(timeoutMs = 600_000): Promise<void> {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(buildId)) {
    if (Date.now() > deadline)
      throw new Error(`no production build (${buildId}): run NODE_ENV=production npx next build`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/**
 * A private Redis, a fresh PostgreSQL database and `n` instances started together, as a deployment
 * may start them (one migrates the database and creates the admin user; the others wait for the
 * migration lock and find the admin there).
 */
export async function startCluster(opts: {
  label: string;
  n?: number;
  env?: Record<string, string>;
}): Promise<ClusterUnderTest> {
  await waitForBuild();
  const namespace = `t-${opts.label}-${randomBytes(3).toString("hex")}`;
  const redis = await startRedis();
  const db = await freshPostgres();
  const nodes: Instance[] = [];
  const upstreams = upstreamPool();
  const sockets: Socket[] = [];
  const rig: ClusterUnderTest = {
    redis,
    db,
    namespace,
    nodes,
    async createService(service) {
      const r = await nodes[0]!.admin.post("/api/v1/services", service);
      if (r.status !== 201 && r.status !== 200)
        throw new Error(`creating service ${String(service.name)}: ${r.status} ${r.text}`);
      for (const node of nodes.slice(1)) {
        await waitFor(
          async () =>
            (await node.admin.get(`/api/v1/breakers/${String(service.name)}`)).status === 200,
          10_000,
          `${String(service.name)} on ${node.id}`,
        );
      }
      return r.json;
    },
    async waitState(name, states, timeoutMs = 10_000, which = nodes) {
      const wanted = Array.isArray(states) ? states : [states];
      for (const node of which) {
        let last = "";
        await waitFor(
          async () => {
            try {
              last = (await node.breaker(name)).state as string;
            } catch (err) {
              last = (err as Error).message;
            }
            return wanted.includes(last);
          },
          timeoutMs,
          `${name} ${wanted.join("|")} on ${node.id}`,
        ).catch((err: Error) => {
          throw new Error(`${err.message} (last seen on ${node.id}: ${last || "nothing"})`);
        });
      }
    },
    upstream: upstreams.start,
    socket(node, listen) {
      return new Promise<any>((resolve, reject) => {
        const s = connectSocket(node.url, {
          path: "/socket.io",
          transports: ["websocket"],
          reconnection: false,
          extraHeaders: { cookie: node.admin.cookie! },
        });
        sockets.push(s);
        listen(s);
        s.once("snapshot", resolve);
        s.once("connect_error", reject);
      });
    },
    async stop() {
      for (const s of sockets) s.close();
      await Promise.all(nodes.map((n) => n.server.stop().catch(() => undefined)));
      await redis.stop("SIGKILL").catch(() => undefined);
      await db.drop().catch(() => undefined);
      await upstreams.closeAll();
    },
  };
  try {
    const ids = Array.from({ length: opts.n ?? 2 }, (_, i) => `${namespace}-${String.fromCharCode(97 + i)}`);
    const started = await Promise.allSettled(
      ids.map(async (id) => {
        const server = await startServer({
          databaseUrl: db.url,
          env: {
            BREAKWATER_ADMIN_PASSWORD: ADMIN_PW,
            LOG_LEVEL: "warn",
            REDIS_URL: redis.url,
            BREAKWATER_REDIS_NAMESPACE: namespace,
            BREAKWATER_INSTANCE_ID: id,
            ...opts.env,
          },
        });
        return instance(id, server);
      }),
    );
    for (const r of started) if (r.status === "fulfilled") nodes.push(r.value);
    const failed = started.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    // every instance heartbeats and sees the others
    for (const node of nodes) {
      await waitFor(
        async () => {
          const c = await node.cluster();
          return (
            c.degraded === false &&
            c.instances.filter((x: any) => x.healthy).length === nodes.length
          );
        },
        15_000,
        `${node.id} to see ${nodes.length} healthy instances`,
      );
    }
  } catch (err) {
    await rig.stop();
    throw err;
  }
  return rig;
}

/** Reads a response body and returns status, code (x-breakwater-reason) and text. */
export async function outcome(
  r: Response,
): Promise<{ status: number; reason: string | null; text: string }> {
  const text = await r.text();
  return { status: r.status, reason: r.headers.get("x-breakwater-reason"), text };
}
