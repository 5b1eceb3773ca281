// Adaptive bulkheads in cluster mode with real peers (a private redis-server, PostgreSQL, two
// instances): each instance's own limit is visible on every instance, and a pin made on one
// instance holds on the other and is lifted there too (docs/ADAPTIVE.md "Cluster mode").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, type ClusterUnderTest, type Instance } from "../helpers/cluster";
import { CALM_BREAKER, startUpstream, waitFor, type Upstream } from "../helpers/upstreams";

describe("cluster: adaptive limits", () => {
  let c: ClusterUnderTest;
  let A: Instance;
  let B: Instance;
  let up: Upstream;
  const bulkhead = async (node: Instance) => (await node.admin.get("/api/v1/bulkheads/shared")).json;

  beforeAll(async () => {
    up = await startUpstream();
    c = await startCluster({ label: "adaptive" });
    [A, B] = c.nodes as [Instance, Instance];
    await c.createService({
      name: "shared",
      baseUrl: up.url,
      breaker: CALM_BREAKER,
      bulkhead: { maxQueue: 0, adaptive: { algorithm: "aimd", minLimit: 1, maxLimit: 40, initialLimit: 12 } },
    });
  });
  afterAll(async () => {
    await c?.stop();
    await up?.close().catch(() => undefined);
  });

  it("every instance lists each live instance's own limit", async () => {
    for (const node of [A, B]) {
      const b = await waitFor(async () => {
        const x = await bulkhead(node);
        return x.instances?.length === 2 ? x : undefined;
      }, 10_000, `both instances' limits on ${node.id}`);
      expect(b.instances.map((i: { instance: string }) => i.instance)).toEqual([A.id, B.id].sort());
      for (const i of b.instances) {
        expect(i.limit).toBe(12);
        expect(i.self).toBe(i.instance === node.id);
      }
    }
  });

  it("a pin made on A holds on B, shows its actor there, and an unpin on B lifts it on A", async () => {
    const pinned = await A.admin.post("/api/v1/bulkheads/shared/pin", { limit: 3, reason: "cluster pin", ttlSeconds: 300 });
    expect(pinned.status).toBe(200);
    const onB = await waitFor(async () => {
      const x = await bulkhead(B);
      return x.limit === 3 ? x : undefined;
    }, 10_000, "the pin on B");
    expect(onB.adaptive.pinned).toMatchObject({ limit: 3, reason: "cluster pin", actor: "admin" });
    await waitFor(async () => (await bulkhead(A)).instances?.every((i: { limit: number }) => i.limit === 3), 10_000, "both instances publishing 3");

    expect((await B.admin.delete("/api/v1/bulkheads/shared/pin")).status).toBe(200);
    const onA = await waitFor(async () => {
      const x = await bulkhead(A);
      return x.limit === 12 ? x : undefined;
    }, 10_000, "the unpin on A");
    expect(onA.adaptive.pinned).toBeUndefined();
  });
});
