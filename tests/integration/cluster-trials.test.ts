// Cluster mode (issue #8): half-open trials are limited cluster-wide. With a real private Redis,
// one PostgreSQL database and two instances, a recovering upstream that holds its requests never
// sees more than halfOpenMaxCalls trials at once however many requests hit both instances, and a
// killed instance's trial lease expires (after 15 s, or the breaker's half-open limit when that is
// shorter: trial-leases.test.ts) so the other instance can take trials again. A trial that never
// ends does not wedge half-open: after maxWaitInHalfOpenMs the breaker re-opens (half_open_timeout)
// and the lease is given back at once.
import { afterAll, beforeAll, describe, it } from "vitest";
import { outcome, startTwoInstances, type TwoInstances } from "../helpers/cluster";
import { countBreaker, waitFor, type Upstream } from "../helpers/upstreams";

/** A half-open time limit (the lease lasts this long too; Redis drops the whole lease key after twice this). */
const HALF_OPEN_LIMIT_MS = 4_000;
/** The half-open limit, and so the trial lease, of the breaker whose lease holder is killed. */
const KILLED_LEASE_MS = 6_000;

describe("cluster: half-open trials across two instances", () => {
  let { c, A, B } = {} as TwoInstances;
  beforeAll(async () => void ({ c, A, B } = await startTwoInstances("trials")));
  afterAll(() => c?.stop());

  /** Trips `name` on A with failing calls and waits until both instances are half-open. */
  async function tripToHalfOpen(name: string, up: Upstream, calls: number): Promise<void> {
    up.set({ status: 500, hold: false });
    for (let i = 0; i < calls; i++) await outcome(await A.gw(name, "/fail"));
    await c.waitState(name, ["open", "half_open"], 5_000);
    await c.waitState(name, "half_open", 15_000);
  }

  // the first two use their own breakers and upstreams, side by side; the last one kills B
  it.concurrent("never lets more than halfOpenMaxCalls trials reach the recovering upstream across instances", async ({ expect }) => {
    const up = await c.upstream();
    await c.createService({
      name: "recovering",
      baseUrl: up.url,
      breaker: countBreaker(2, 2, { failureRateThreshold: 50, waitInOpenMs: 1_500, maxWaitInOpenMs: 1_500, halfOpenMaxCalls: 2, successThreshold: 2 }),
      bulkhead: { maxConcurrent: 100, maxQueue: 0 },
      retry: { maxAttempts: 1 },
    });
    await tripToHalfOpen("recovering", up, 2);

    // the upstream recovers but holds every request, so concurrency is observable
    up.resetCounts();
    up.set({ status: 200, hold: true });
    const N = 20;
    const fired = [...Array(N).keys()]
      .flatMap((i) => [A.gw("recovering", `/trial-a${i}`), B.gw("recovering", `/trial-b${i}`)])
      .map((p) => p.then(outcome));
    // the refusals come back at once; the admitted trials stay held
    let settled = 0;
    for (const p of fired)
      void p.then(
        () => settled++,
        () => settled++,
      );
    // every request is either answered or held at the upstream: none is still on its way there
    await waitFor(
      () => settled + up.held === 2 * N && up.held >= 1,
      10_000,
      `every request answered or held (settled ${settled}, held ${up.held})`,
    );
    expect(up.maxActive).toBeGreaterThanOrEqual(1);
    expect(up.maxActive).toBeLessThanOrEqual(2);
    expect(up.total).toBeLessThanOrEqual(2);

    // the trials succeed; the breaker closes everywhere and serves normally
    up.release();
    const all = await Promise.all(fired);
    expect(all.filter((o) => o.status === 200).length).toBe(up.total);
    const refused = all.filter((o) => o.status !== 200);
    expect(refused.length).toBe(2 * N - up.total);
    for (const o of refused) {
      expect(o.status).toBe(503);
      expect(o.reason).toBe("circuit_open");
    }
    await c.waitState("recovering", "closed", 10_000).catch(async () => {
      // fewer than successThreshold trials got through on one instance: one more trial closes it
      for (let i = 0; i < 2; i++) await outcome(await A.gw("recovering", "/more"));
      await c.waitState("recovering", "closed", 10_000);
    });
    expect(up.maxActive).toBeLessThanOrEqual(2);
    expect((await outcome(await B.gw("recovering", "/after"))).status).toBe(200);
  });

  it.concurrent("a never-ending trial's lease is given back when half-open times out", async ({ expect }) => {
    const up = await c.upstream();
    await c.createService({
      name: "stuck",
      baseUrl: up.url,
      breaker: countBreaker(2, 2, { waitInOpenMs: 1_000, maxWaitInOpenMs: 1_000, halfOpenMaxCalls: 1, successThreshold: 1, maxWaitInHalfOpenMs: HALF_OPEN_LIMIT_MS }),
      retry: { maxAttempts: 1 },
    });
    await tripToHalfOpen("stuck", up, 2);

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

  it("a killed instance's trial lease expires: after the lease time the other instance can take trials", async ({ expect }) => {
    const up = await c.upstream();
    await c.createService({
      name: "leased",
      baseUrl: up.url,
      breaker: countBreaker(2, 2, { failureRateThreshold: 50, waitInOpenMs: 1_500, maxWaitInOpenMs: 1_500, halfOpenMaxCalls: 1, successThreshold: 1, maxWaitInHalfOpenMs: KILLED_LEASE_MS }),
      retry: { maxAttempts: 1 },
    });
    await tripToHalfOpen("leased", up, 2);

    // B takes the only trial lease; its request is held by the upstream
    up.resetCounts();
    up.set({ status: 200, hold: true });
    const onB = B.gw("leased", "/trial-b").catch(() => undefined);
    await waitFor(() => up.held === 1, 5_000, "B's trial held by the upstream");
    const leasedAt = Date.now();
    const leases = await c.redis.command(`ZCARD bw:${c.namespace}:trials:leased`);
    expect(leases).toBe(":1");

    // while B lives, A may not take a trial
    const busy = await outcome(await A.gw("leased", "/trial-a"));
    expect(busy.status).toBe(503);
    expect(busy.reason).toBe("circuit_open");

    // B dies without releasing its lease
    await B.server.stop("SIGKILL");
    await onB;
    up.set({ hold: false });
    const stillLeased = await outcome(await A.gw("leased", "/trial-a"));
    expect(stillLeased.status).toBe(503); // the dead instance's lease still counts…
    expect(up.count("/trial-a")).toBe(0);

    // …until it expires: then A's trial reaches the upstream and closes the breaker
    let admittedAt = 0;
    await waitFor(
      async () => {
        const r = await outcome(await A.gw("leased", "/trial-a"));
        if (r.status === 200) admittedAt = Date.now();
        return r.status === 200;
      },
      KILLED_LEASE_MS + 10_000,
      "A to take a trial after the lease expired",
    );
    expect(admittedAt - leasedAt).toBeGreaterThanOrEqual(KILLED_LEASE_MS - 1_000);
    await c.waitState("leased", "closed", 5_000, [A]);
    // A sees B go unhealthy in the cluster status
    await waitFor(
      async () =>
        (await A.cluster()).instances.some((x: any) => x.id === B.id && x.healthy === false),
      10_000,
      "B unhealthy on A",
    );
  });
});
