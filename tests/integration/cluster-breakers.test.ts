// Cluster mode (issue #8) with real peers: a private redis-server, one PostgreSQL database and two
// Breakwater instances A and B. Breaker states travel between instances (a trip on A rejects on B,
// a force on B holds on A and expires there too), a browser connected to A sees B's transitions,
// definitions made on A are served on B, merged windows trip (with a quorum), per-user limits are
// shared out among the live instances, and the cluster status / readiness report Redis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outcome, startTwoInstances, type ClusterUnderTest, type Instance, type TwoInstances } from "../helpers/cluster";
import { runServerToExit } from "../helpers/server";
import { freshSqlite } from "../helpers/databases";
import { countBreaker, waitFor, type Upstream } from "../helpers/upstreams";

// never half-opens during a test
const STAYS_OPEN = { waitInOpenMs: 600_000, maxWaitInOpenMs: 600_000 };

/**
 * Waits until `node` has published a window summary of at least `calls` calls for `name` to Redis
 * (every 250 ms), then until every instance has completed two more window-exchange rounds
 * (`windowExchanges` in GET /api/v1/cluster): the round that pushed it has finished, and each
 * instance that reads the shared windows has read it.
 */
async function published(c: ClusterUnderTest, name: string, node: Instance, calls: number, all: Instance[]): Promise<void> {
  await waitFor(
    async () => (JSON.parse(await c.redis.command(`HGET bw:${c.namespace}:window:${name} ${node.id}`)) as { calls: number }).calls >= calls,
    10_000,
    `${node.id}'s window summary of ${name} with ${calls} calls`,
  );
  const rounds = async (n: Instance) => (await n.cluster()).windowExchanges as number;
  const before = await Promise.all(all.map(rounds));
  await waitFor(async () => (await Promise.all(all.map(rounds))).every((r, i) => r >= before[i]! + 2), 10_000, "two more window-exchange rounds on every instance");
}

describe("cluster: breakers, definitions and limits across two instances", () => {
  let { c, A, B } = {} as TwoInstances;
  beforeAll(async () => void ({ c, A, B } = await startTwoInstances("breakers")));
  afterAll(() => c?.stop());
  /** A service on `up` whose breaker trips at 50 % failures after `minimumCalls` and stays open. */
  const tripping = (name: string, up: Upstream, minimumCalls: number, size: number, more: Record<string, unknown> = {}) =>
    c.createService({ name, baseUrl: up.url, breaker: countBreaker(minimumCalls, size, { failureRateThreshold: 50, ...STAYS_OPEN }), retry: { maxAttempts: 1 }, ...more });

  it("reports the cluster: GET /api/v1/cluster on each instance, /readyz with redis", async () => {
    for (const node of [A, B]) {
      const st = await node.cluster();
      expect(st).toMatchObject({ mode: "cluster", instanceId: node.id, degraded: false });
      expect(typeof st.redis).toBe("string");
      expect(st.windowExchanges).toBeGreaterThan(0); // a round every 250 ms since start
      expect(st.instances.map((x: any) => x.id).sort()).toEqual([A.id, B.id].sort());
      for (const x of st.instances) {
        expect(x.healthy).toBe(true);
        expect(x.self).toBe(x.id === node.id);
        expect(Number.isNaN(Date.parse(x.lastSeen))).toBe(false);
      }
      const ready = await fetch(`${node.url}/readyz`);
      const body = (await ready.json()) as any;
      expect(ready.status).toBe(200);
      expect(body.checks.map((x: any) => x.name)).toContain("redis");
    }
    // the records live under the file's own namespace in the private Redis
    expect(await c.redis.command("ZCARD bw:" + c.namespace + ":instances")).toBe(":2");
  });

  it("serves on B a service created on A, and answers unknown_service on B once it is deleted on A", async () => {
    const up = await c.upstream();
    await c.createService({ name: "crud", baseUrl: up.url, retry: { maxAttempts: 1 } });
    const r = await outcome(await B.gw("crud", "/hello"));
    expect(r.status).toBe(200);
    expect(up.count("/hello")).toBe(1);

    const del = await A.admin.delete("/api/v1/services/crud");
    expect(del.status).toBe(204);
    await waitFor(
      async () => (await B.admin.get("/api/v1/breakers/crud")).status === 404,
      10_000,
      "crud gone on B",
    );
    const gone = await B.gw("crud", "/hello");
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as any).error.code).toBe("unknown_service");
    expect(up.count("/hello")).toBe(1);
  });

  it("a breaker tripped by traffic on A rejects on B without calling the upstream", async () => {
    const up = await c.upstream({ status: 500 });
    await tripping("tripped", up, 4, 4);
    for (let i = 0; i < 4; i++)
      expect((await outcome(await A.gw("tripped", "/x"))).status).toBe(500);
    expect((await A.breaker("tripped")).state).toBe("open");
    await c.waitState("tripped", "open", 5_000, [B]);
    for (let i = 0; i < 3; i++) {
      const r = await B.gw("tripped", "/x");
      expect(r.status).toBe(503);
      expect(r.headers.get("x-breakwater-reason")).toBe("circuit_open");
      expect(((await r.json()) as any).error.code).toBe("circuit_open");
    }
    expect(up.total).toBe(4); // B refused without calling the upstream
  });

  it("a force on B holds on A (within 5 s) and so does its TTL expiry; a socket on A sees B's transition live", async () => {
    const up = await c.upstream();
    await c.createService({ name: "forced", baseUrl: up.url, retry: { maxAttempts: 1 } });
    expect((await outcome(await A.gw("forced", "/"))).status).toBe(200);

    // a browser connected to A, with A's session cookie
    const events: any[] = [];
    const snapshot = await c.socket(A, (s) => s.on("breaker:state", (e) => events.push(e)));
    expect(snapshot.cluster).toMatchObject({ mode: "cluster", instanceId: A.id, degraded: false });
    expect(snapshot.cluster.instances).toHaveLength(2);

    const before = Date.now();
    const forced = await B.force("forced", "open", 4);
    expect(forced.state).toBe("forced_open");
    // A rejects: poll its gateway in a tight loop
    let first503 = 0;
    await waitFor(
      async () => {
        const r = await outcome(await A.gw("forced", "/"));
        if (r.status === 503 && r.reason === "circuit_open") first503 = Date.now();
        return first503 > 0;
      },
      5_000,
      "A to reject after a force on B",
    );
    expect(first503 - before).toBeLessThan(5_000);
    const onA = await A.breaker("forced");
    expect(onA.state).toBe("forced_open");
    expect(onA.override).toMatchObject({ state: "open" });

    // the socket on A received B's transition (emitted by B, through the Redis adapter)
    await waitFor(
      () => events.some((e) => e.name === "forced" && e.to === "forced_open"),
      5_000,
      "breaker:state forced_open on A's socket",
    );
    const ev = events.find((e) => e.name === "forced" && e.to === "forced_open");
    expect(ev.reason).toBe("forced");
    expect(ev.actor).toBe("admin");

    // the TTL (4 s) expires on A too: A serves again
    await waitFor(
      async () => (await outcome(await A.gw("forced", "/"))).status === 200,
      4_000 + 5_000,
      "A to serve after the TTL",
    );
    expect(Date.now() - before).toBeGreaterThanOrEqual(3_000);
    await c.waitState("forced", "closed", 5_000);
    expect((await outcome(await B.gw("forced", "/"))).status).toBe(200);
    await waitFor(
      () =>
        events.some((e) => e.name === "forced" && e.from === "forced_open" && e.to === "closed"),
      5_000,
      "the expiry on A's socket",
    );
  });

  it("trips cluster-wide from merged windows: two instances each below minimumCalls, together above", async () => {
    const up = await c.upstream({ status: 500 });
    await tripping("merged", up, 10, 100);
    for (let i = 0; i < 6; i++) expect((await outcome(await A.gw("merged", "/"))).status).toBe(500);
    await published(c, "merged", A, 6, [A, B]); // 6 calls alone stay below minimumCalls
    expect((await A.breaker("merged")).state).toBe("closed");
    expect((await B.breaker("merged")).state).toBe("closed");
    // B's first 4 calls reach the upstream (6 + 3 merged stay below minimumCalls); once the merged
    // windows hold 10 calls the breaker may open at the next exchange (every 250 ms), so on a slow
    // machine B's last calls may already be refused
    const onB: { status: number; reason: string | null }[] = [];
    for (let i = 0; i < 6; i++) onB.push(await outcome(await B.gw("merged", "/")));
    expect(onB.slice(0, 4).map((o) => o.status)).toEqual([500, 500, 500, 500]);
    for (const o of onB.slice(4)) expect(o.status === 500 || o.reason === "circuit_open", `${o.status} ${o.reason}`).toBe(true);
    await c.waitState("merged", "open", 5_000);
    expect((await outcome(await A.gw("merged", "/"))).reason).toBe("circuit_open");
    expect(up.total).toBe(6 + onB.filter((o) => o.status === 500).length);
  });

  it("tripQuorum 2: failing on one instance only (merged rate over the threshold) does not open", async () => {
    const up = await c.upstream();
    await tripping("quorum-merged", up, 10, 100, { cluster: { tripQuorum: 2 } });
    // A: 6 failures; B: 4 successes → merged 6/10 = 60 % ≥ 50 %, but only A is over the threshold
    up.set({ status: 500 });
    for (let i = 0; i < 6; i++)
      expect((await outcome(await A.gw("quorum-merged", "/"))).status).toBe(500);
    up.set({ status: 200 });
    for (let i = 0; i < 4; i++)
      expect((await outcome(await B.gw("quorum-merged", "/"))).status).toBe(200);
    await published(c, "quorum-merged", A, 6, [A, B]);
    await published(c, "quorum-merged", B, 4, [A, B]);
    expect((await A.breaker("quorum-merged")).state).toBe("closed");
    expect((await B.breaker("quorum-merged")).state).toBe("closed");
    // B fails too: two instances over the threshold (B from its 4th failure: 4 of 8) → opens
    // everywhere; on a busy machine a window exchange can open it before B's last calls
    up.set({ status: 500 });
    const onB: number[] = [];
    for (let i = 0; i < 6; i++) onB.push((await outcome(await B.gw("quorum-merged", "/"))).status);
    expect(onB.join()).toMatch(/^500,500,500,500(,500)*(,503)*$/);
    await c.waitState("quorum-merged", "open", 5_000);
  });

  it("tripQuorum 2: enough failures on one instance alone (≥ minimumCalls there) do not open; on both they do", async () => {
    const up = await c.upstream({ status: 500 });
    await tripping("quorum-local", up, 10, 100, { cluster: { tripQuorum: 2 } });
    const onA: number[] = [];
    for (let i = 0; i < 12; i++) onA.push((await outcome(await A.gw("quorum-local", "/"))).status);
    await published(c, "quorum-local", A, 12, [A, B]);
    // with a quorum of 2, one instance's own window must not trip the breaker on its own
    expect((await A.breaker("quorum-local")).state).toBe("closed");
    expect((await B.breaker("quorum-local")).state).toBe("closed");
    expect(onA).toEqual(Array(12).fill(500)); // every call reached the upstream (none refused)
    for (let i = 0; i < 12; i++) await outcome(await B.gw("quorum-local", "/"));
    await c.waitState("quorum-local", "open", 5_000);
  });

  it("divides per-user limits among the live instances: maxConcurrent 4 → 2 per instance", async () => {
    const up = await c.upstream({ hold: true });
    await c.createService({
      name: "per-user",
      baseUrl: up.url,
      perUserBulkhead: { maxConcurrent: 4, maxQueue: 0, key: "header:x-user-id" },
      bulkhead: { maxConcurrent: 100, maxQueue: 0 },
      retry: { maxAttempts: 1 },
    });
    const as = (user: string) => ({ headers: { "x-user-id": user } });
    const heldOnA = [A.gw("per-user", "/a1", as("alice")), A.gw("per-user", "/a2", as("alice"))];
    await waitFor(() => up.held === 2, 5_000, "two of alice's requests held via A");
    const third = await outcome(await A.gw("per-user", "/a3", as("alice")));
    expect(third.status).toBe(429);
    expect(third.reason).toBe("user_bulkhead_full");
    expect(up.count("/a3")).toBe(0);
    // another user is not affected on A; alice still has her other share on B
    const bob = A.gw("per-user", "/b1", as("bob"));
    const heldOnB = [B.gw("per-user", "/a4", as("alice")), B.gw("per-user", "/a5", as("alice"))];
    await waitFor(() => up.held === 5, 5_000, "bob's and alice's requests on B held");
    const sixth = await outcome(await B.gw("per-user", "/a6", as("alice")));
    expect(sixth.status).toBe(429);
    up.release();
    for (const r of await Promise.all([...heldOnA, bob, ...heldOnB]))
      expect((await outcome(r)).status).toBe(200);
  });

  it("refuses to start with REDIS_URL and SQLite: exit 1 naming DATABASE_URL", async () => {
    const db = freshSqlite();
    try {
      const r = await runServerToExit({
        databaseUrl: db.url,
        env: { REDIS_URL: c.redis.url, BREAKWATER_ADMIN_PASSWORD: "admin-password-1" },
      });
      expect(r.code).toBe(1);
      expect(r.output).toContain("DATABASE_URL");
      expect(r.output).toMatch(/postgres/i);
    } finally {
      await db.drop();
    }
  });
});
