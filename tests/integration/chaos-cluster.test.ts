// Chaos experiments in cluster mode (issue #16) with real peers: a private redis-server, one
// PostgreSQL database and two instances A and B. An experiment created on A is stored once and
// injects on both instances; a browser on B hears A's `experiment:updated`; stop-all sent to B
// stops it on both within a second, and a stop on the owner reaches the other instance as fast.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { experimentDtoSchema } from "@/lib/contracts/experiments";
import { outcome, startCluster, type ClusterUnderTest, type Instance } from "../helpers/cluster";
import { CALM_BREAKER, startUpstream, waitFor, type Upstream } from "../helpers/upstreams";

describe("cluster: chaos experiments run and stop on every instance", () => {
  let c: ClusterUnderTest;
  let A: Instance;
  let B: Instance;
  let up: Upstream;
  const sockets: Socket[] = [];

  const create = async (node: Instance, name: string) => {
    const r = await node.admin.post("/api/v1/experiments", { name, service: "pay", faults: [{ type: "error", status: 503 }], durationSeconds: 600 });
    if (r.status !== 201) throw new Error(`creating experiment on ${node.id}: ${r.status} ${r.text}`);
    return r.json as { id: string; status: string };
  };
  const status = async (node: Instance) => (await outcome(await node.gw("pay", "/"))).status;
  /** Waits until every node answers `wanted` (and returns how long that took). */
  const allAnswer = async (wanted: number, timeoutMs: number) => {
    const t0 = Date.now();
    for (const node of [A, B]) await waitFor(async () => (await status(node)) === wanted, timeoutMs, `${wanted} from ${node.id}`);
    return Date.now() - t0;
  };

  beforeAll(async () => {
    c = await startCluster({ label: "chaos" });
    [A, B] = c.nodes as [Instance, Instance];
    up = await startUpstream();
    await c.createService({ name: "pay", baseUrl: up.url, breaker: CALM_BREAKER, retry: { maxAttempts: 1 } });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await c?.stop();
    await up?.close().catch(() => undefined);
  });

  it("an experiment created on A injects on B too; stop-all on B stops it on both within a second", async () => {
    const updates: any[] = [];
    await new Promise<void>((resolve, reject) => {
      const s = connect(B.url, { path: "/socket.io", transports: ["websocket"], reconnection: false, extraHeaders: { cookie: B.admin.cookie! } });
      sockets.push(s);
      s.on("experiment:updated", (e) => updates.push(e));
      s.once("snapshot", () => resolve());
      s.once("connect_error", reject);
    });

    const exp = await create(A, "cluster-wide 503");
    expect(exp.status).toBe("running");
    await allAnswer(503, 3_000);
    const upstreamCalls = up.total;
    expect((await B.admin.get(`/api/v1/experiments/${exp.id}`)).json).toMatchObject({ id: exp.id, status: "running" });
    // B's browser hears A's experiment (status change, then live figures)
    await waitFor(() => updates.some((u) => u.id === exp.id && u.status === "running"), 3_000, "experiment:updated on B's socket");

    const stopAll = await B.admin.post("/api/v1/experiments/stop-all");
    expect(stopAll.status).toBe(200);
    expect(stopAll.json.map((e: any) => [e.id, e.status])).toEqual([[exp.id, "stopped"]]);
    expect(await allAnswer(200, 3_000)).toBeLessThanOrEqual(1_000);
    expect(up.total).toBeGreaterThan(upstreamCalls);
    for (const node of [A, B]) {
      expect((await node.admin.get(`/api/v1/experiments/${exp.id}`)).json).toMatchObject({ status: "stopped", stopReason: { type: "manual", actor: "admin" } });
    }
    await waitFor(() => updates.some((u) => u.id === exp.id && u.status === "stopped"), 3_000, "the stop on B's socket");
    for (const u of updates) expect(experimentDtoSchema.safeParse(u).error).toBeUndefined(); // the contract's payload
    // the owner kept the record: A's live figures were written with the final status
    const stored = (await A.admin.get(`/api/v1/experiments/${exp.id}`)).json;
    expect(stored.observed.injected.error).toBeGreaterThanOrEqual(1);
  });

  it("a stop on the owning instance reaches the other one at once; a second experiment on the service is refused cluster-wide", async () => {
    const exp = await create(B, "owned by B");
    await allAnswer(503, 3_000);
    const refused = await A.admin.post("/api/v1/experiments", { name: "again", service: "pay", faults: [{ type: "abort" }], durationSeconds: 60 });
    expect(refused.status).toBe(409);
    const stop = await B.admin.post(`/api/v1/experiments/${exp.id}/stop`);
    expect(stop.json).toMatchObject({ status: "stopped" });
    expect(await allAnswer(200, 3_000)).toBeLessThanOrEqual(1_000);
  });
});
