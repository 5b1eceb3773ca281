// Cluster mode (issue #8): a Redis outage. With a real private redis-server stopped under two live
// instances, both keep serving on local state, report degraded (API, /readyz 503 naming redis, a
// `cluster:status` event); an override made on one instance during the outage is not lost: once
// Redis comes back empty, both instances reconcile and agree on forced_open.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outcome, startTwoInstances, type TwoInstances } from "../helpers/cluster";
import { waitFor, type Upstream } from "../helpers/upstreams";

describe("cluster: Redis outage and reconciliation", () => {
  let { c, A, B } = {} as TwoInstances;
  let up: Upstream;
  beforeAll(async () => {
    ({ c, A, B } = await startTwoInstances("outage"));
    up = await c.upstream();
    for (const name of ["steady", "kept", "kept-b"])
      await c.createService({ name, baseUrl: up.url, retry: { maxAttempts: 1 } });
  });
  afterAll(() => c?.stop());

  it("keeps serving degraded while Redis is down, and converges with no override lost once it returns empty", async () => {
    const statuses: any[] = [];
    await c.socket(A, (s) => s.on("cluster:status", (st) => statuses.push(st)));
    for (const node of [A, B])
      expect((await outcome(await node.gw("kept", "/before"))).status).toBe(200);

    expect(await c.redis.command(`SET bw:${c.namespace}:marker before-the-outage`)).toBe("+OK");

    // ---- the outage
    await c.redis.stop("SIGKILL");
    for (const node of [A, B]) {
      await waitFor(
        async () => (await node.cluster()).degraded === true,
        10_000,
        `${node.id} degraded`,
      );
    }
    await waitFor(
      () => statuses.some((st) => st.degraded === true && st.instanceId === A.id),
      5_000,
      "cluster:status degraded on A's socket",
    );

    // both keep serving
    for (const node of [A, B]) {
      for (let i = 0; i < 5; i++) {
        for (const name of ["steady", "kept"]) {
          const r = await outcome(await node.gw(name, `/during-${node.id}`));
          expect(r.status, `${name} on ${node.id}: ${r.text}`).toBe(200);
        }
      }
    }
    expect(up.count(`/during-${A.id}`)).toBe(10);
    expect(up.count(`/during-${B.id}`)).toBe(10);

    // and are not ready, naming redis (the database still answers)
    for (const node of [A, B]) {
      const ready = await fetch(`${node.url}/readyz`);
      const body = (await ready.json()) as any;
      expect(ready.status).toBe(503);
      expect(body.failing).toEqual(["redis"]);
      expect(body.message).toContain("redis");
    }

    // an operator forces "kept" open on A during the outage: A holds it, B cannot know yet
    const forced = await A.force("kept", "open");
    expect(forced.state).toBe("forced_open");
    expect((await outcome(await A.gw("kept", "/x"))).reason).toBe("circuit_open");
    expect((await B.breaker("kept")).state).toBe("closed");
    // and another one forces "kept-b" open on B
    expect((await B.force("kept-b", "open")).state).toBe("forced_open");
    expect((await A.breaker("kept-b")).state).toBe("closed");

    // ---- Redis returns, empty (no persistence), on the same port
    await c.redis.start();
    expect(await c.redis.command(`EXISTS bw:${c.namespace}:marker`)).toBe(":0"); // it came back empty
    for (const node of [A, B]) {
      await waitFor(
        async () => (await node.cluster()).degraded === false,
        15_000,
        `${node.id} connected again`,
      );
    }
    await c.waitState("kept", "forced_open", 15_000);
    await c.waitState("kept-b", "forced_open", 15_000);
    for (const node of [A, B]) {
      for (const name of ["kept", "kept-b"]) {
        const r = await outcome(await node.gw(name, "/after"));
        expect(r.status).toBe(503);
        expect(r.reason).toBe("circuit_open");
        const b = await node.breaker(name);
        expect(b.override).toMatchObject({ state: "open", actor: "admin" });
      }
    }
    // Redis holds the override too (so an instance joining later adopts it)
    for (const name of ["kept", "kept-b"])
      expect(await c.redis.command(`HGET bw:${c.namespace}:breaker:${name} rec`)).toContain(
        '"forced_open"',
      );
    expect(up.count("/after")).toBe(0);
    await c.waitState("steady", "closed", 5_000);
    for (const node of [A, B])
      expect((await outcome(await node.gw("steady", "/after"))).status).toBe(200);
    await waitFor(
      async () => {
        const s = await Promise.all(
          [A, B].map((n) => fetch(`${n.url}/readyz`).then((r) => r.status)),
        );
        return s.every((x) => x === 200);
      },
      10_000,
      "both ready again",
    );
    await waitFor(
      () => statuses.some((st) => st.degraded === false && st.instanceId === A.id),
      5_000,
      "cluster:status connected on A's socket",
    );

    // the cluster works as before: a lift on B reaches A
    await B.lift("kept");
    await c.waitState("kept", "closed", 5_000);
    expect((await outcome(await A.gw("kept", "/lifted"))).status).toBe(200);
    await A.lift("kept-b");
    await c.waitState("kept-b", "closed", 5_000);
    expect((await outcome(await B.gw("kept-b", "/lifted"))).status).toBe(200);
  });

  it("keeps overrides made on either instance through repeated outages (Redis restarted empty each time)", async () => {
    // the reconnect race (both instances reconcile against an empty Redis at about the same time)
    // depends on timing: a few cycles give it a fair chance to show
    for (let round = 1; round <= 3; round++) {
      await c.redis.stop(round % 2 ? "SIGKILL" : "SIGTERM");
      for (const node of [A, B])
        await waitFor(
          async () => (await node.cluster()).degraded === true,
          10_000,
          `${node.id} degraded (round ${round})`,
        );
      expect((await A.force("kept", "open")).state).toBe("forced_open");
      expect((await B.force("kept-b", "open")).state).toBe("forced_open");
      await c.redis.start();
      for (const node of [A, B])
        await waitFor(
          async () => (await node.cluster()).degraded === false,
          15_000,
          `${node.id} connected (round ${round})`,
        );
      for (const name of ["kept", "kept-b"]) {
        await c.waitState(name, "forced_open", 15_000);
        expect(
          await c.redis.command(`HGET bw:${c.namespace}:breaker:${name} rec`),
          `${name} in Redis (round ${round})`,
        ).toContain('"forced_open"');
      }
      await B.lift("kept");
      await A.lift("kept-b");
      await c.waitState("kept", "closed", 5_000);
      await c.waitState("kept-b", "closed", 5_000);
    }
  });
});
