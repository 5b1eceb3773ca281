// Cluster mode: a trial request that never ends must not wedge a breaker in half-open, nor keep its
// cluster-wide trial lease. With a real private Redis and two instances: B's only trial is held by
// the upstream; after maxWaitInHalfOpenMs the breaker re-opens (half_open_timeout), B gives its
// lease back at once (it does not wait for the 15 s lease expiry), and the next half-open admits
// A's trial, which closes the breaker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outcome, startCluster, type ClusterUnderTest, type Instance } from "../helpers/cluster";
import { startUpstream, waitFor, type Upstream } from "../helpers/upstreams";

/** The lease lasts this long too, and Redis drops the whole lease key after twice this. */
const HALF_OPEN_LIMIT_MS = 4_000;

describe("cluster: half-open timeout and trial leases", () => {
  let c: ClusterUnderTest;
  let A: Instance;
  let B: Instance;
  const ups: Upstream[] = [];

  beforeAll(async () => {
    c = await startCluster({ label: "hotimeout" });
    [A, B] = c.nodes as [Instance, Instance];
  });
  afterAll(async () => {
    await c?.stop();
    await Promise.all(ups.map((u) => u.close().catch(() => undefined)));
  });

  it("a never-ending trial's lease is given back when half-open times out", async () => {
    const up = await startUpstream();
    ups.push(up);
    await c.createService({
      name: "stuck",
      baseUrl: up.url,
      breaker: {
        minimumCalls: 2,
        window: { type: "count", size: 2 },
        waitInOpenMs: 1_000,
        maxWaitInOpenMs: 1_000,
        halfOpenMaxCalls: 1,
        successThreshold: 1,
        maxWaitInHalfOpenMs: HALF_OPEN_LIMIT_MS,
      },
      retry: { maxAttempts: 1 },
    });
    up.set({ status: 500 });
    for (let i = 0; i < 2; i++) await outcome(await A.gw("stuck", "/fail"));
    await c.waitState("stuck", "half_open", 10_000);

    // B takes the only trial; the upstream never answers it
    up.resetCounts();
    up.set({ status: 200, hold: true });
    const onB = B.gw("stuck", "/trial-b").catch(() => undefined);
    await waitFor(() => up.held === 1, 5_000, "B's trial held by the upstream");
    const leasedAt = Date.now();
    const leaseKey = `bw:${c.namespace}:trials:stuck`;
    expect(await c.redis.command(`ZCARD ${leaseKey}`)).toBe(":1");
    expect((await outcome(await A.gw("stuck", "/busy"))).status).toBe(503);

    // half-open gives up; the lease is deleted while B's request is still held
    const transitions = async () => ((await A.admin.get("/api/v1/breakers/stuck/transitions")).json ?? []) as { reason: string }[];
    await waitFor(async () => (await transitions()).some((t) => t.reason === "half_open_timeout"), 8_000, "half_open_timeout");
    await waitFor(async () => (await c.redis.command(`ZCARD ${leaseKey}`)) === ":0", 1_500, "the voided lease given back");
    expect(Date.now() - leasedAt).toBeLessThan(2 * HALF_OPEN_LIMIT_MS - 500); // given back, not expired with its key
    expect(up.held).toBe(1);

    // the next half-open admits a trial on A well before the 15 s lease would have expired
    up.set({ hold: false });
    await waitFor(async () => (await outcome(await A.gw("stuck", "/trial-a"))).status === 200, 10_000, "A's trial admitted");
    await c.waitState("stuck", "closed", 5_000);
    up.release();
    await onB;
    expect(await c.redis.command(`ZCARD ${leaseKey}`)).toBe(":0");
  });
});
