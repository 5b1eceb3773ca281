// Bulkheads through the real gateway: the service bulkhead (full, queue timeout), the per-user
// bulkhead (header, query and ip keys), what GET /api/v1/bulkheads reports, and client aborts that
// must reach the upstream and give the slot back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calmService, startGateway, waitFor, type GatewayUnderTest, type Behaviour } from "../helpers/upstreams";
import { rawRequest } from "../helpers/raw-http";

describe("gateway bulkheads", () => {
  let g: GatewayUnderTest;
  const upstream = (b?: Partial<Behaviour>) => g.upstream(b);
  const settle = (ps: Promise<Response>[]) =>
    Promise.all(ps.map(async (p) => {
      const r = await p;
      const text = await r.text();
      let code: string | undefined;
      try {
        code = JSON.parse(text).error?.code;
      } catch {
        code = undefined;
      }
      return { status: r.status, code, reason: r.headers.get("x-breakwater-reason"), retryAfter: r.headers.get("retry-after") };
    }));

  beforeAll(async () => {
    g = await startGateway();
  });
  afterAll(() => g?.stop());

  it("runs maxConcurrent at once, queues maxQueue, and refuses the rest at once with 503 bulkhead_full", async () => {
    const up = await upstream({ hold: true });
    await calmService(g, "narrow", up, { bulkhead: { maxConcurrent: 2, maxQueue: 2, queueTimeoutMs: 30_000 } });
    const N = 2, M = 2, K = 3;
    const all = Array.from({ length: N + M + K }, (_, i) => g.gw("narrow", `/job/${i}`));
    const results = settle(all);
    await waitFor(() => up.held === N, 15_000, "two requests at the upstream");
    await expect.poll(async () => (await g.bulkhead("narrow")).queued, { timeout: 15_000 }).toBe(M);
    const during = await g.bulkhead("narrow");
    expect(during).toMatchObject({ service: "narrow", maxConcurrent: 2, maxQueue: 2, active: 2, queued: 2, rejected: K });
    expect(up.total).toBe(N);

    up.release();
    const r = await results;
    const full = r.filter((x) => x.status === 503);
    expect(full).toHaveLength(K);
    for (const x of full) {
      expect(x.code).toBe("bulkhead_full");
      expect(x.reason).toBe("bulkhead_full");
      expect(Number(x.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    expect(r.filter((x) => x.status === 200)).toHaveLength(N + M);
    expect(up.total).toBe(N + M);
    expect(up.maxActive).toBe(N);
    const after = await g.bulkhead("narrow");
    expect(after).toMatchObject({ active: 0, queued: 0, rejected: K, peakActive: 2 });
    expect(after.accepted).toBeGreaterThanOrEqual(N + M);
  });

  it("answers queued requests that wait longer than queueTimeoutMs with 503 bulkhead_timeout", async () => {
    const up = await upstream({ hold: true });
    await calmService(g, "impatient", up, { bulkhead: { maxConcurrent: 1, maxQueue: 2, queueTimeoutMs: 300 } });
    const running = settle([g.gw("impatient", "/slow")]);
    await waitFor(() => up.held === 1, 15_000, "one request at the upstream");
    const queued = await settle([g.gw("impatient", "/a"), g.gw("impatient", "/b")]);
    for (const x of queued) {
      expect(x.status).toBe(503);
      expect(x.code).toBe("bulkhead_timeout");
      expect(x.reason).toBe("bulkhead_timeout");
    }
    expect(up.total).toBe(1);
    const b = await g.bulkhead("impatient");
    expect(b.timedOut).toBe(2);
    expect(b.active).toBe(1);
    up.release();
    expect((await running)[0]!.status).toBe(200);
    await expect.poll(async () => (await g.bulkhead("impatient")).active, { timeout: 10_000 }).toBe(0);
  });

  it("limits a noisy user (header key) with 429 user_bulkhead_full while other users pass", async () => {
    const up = await upstream({ hold: true });
    await calmService(g, "shared", up, { perUserBulkhead: { key: "header:x-user-id", maxConcurrent: 2 } });
    const as = (user: string) => g.gw("shared", "/feed", { headers: { "x-user-id": user } });
    const noisy = settle([as("noisy"), as("noisy")]);
    await waitFor(() => up.held === 2, 15_000, "noisy user's two requests at the upstream");
    const [third] = await settle([as("noisy")]);
    expect(third).toMatchObject({ status: 429, code: "user_bulkhead_full", reason: "user_bulkhead_full" });
    expect(Number(third!.retryAfter)).toBeGreaterThanOrEqual(1);

    const quiet = settle([as("quiet")]);
    await waitFor(() => up.held === 3, 15_000, "the quiet user's request at the upstream");
    const b = await g.bulkhead("shared");
    expect(b.perUser).toBeDefined();
    expect(b.perUser.keys).toBeGreaterThanOrEqual(2);
    const top = b.perUser.top.find((t: any) => t.key === "noisy");
    expect(top).toMatchObject({ key: "noisy", active: 2, rejected: 1 });
    expect(b.perUser.top[0].key).toBe("noisy");

    up.release();
    expect((await noisy).map((x) => x.status)).toEqual([200, 200]);
    expect((await quiet)[0]!.status).toBe(200);
    // the service bulkhead did not count the per-user refusal as its own
    expect((await g.bulkhead("shared")).rejected).toBe(0);
    const metrics = await g.metrics();
    expect(metrics).toMatch(/^breakwater_bulkhead_rejected_total\{service="shared",reason="user_bulkhead_full"\} 1$/m);
  });

  it("keys the per-user bulkhead by a query parameter", async () => {
    const up = await upstream({ hold: true });
    await calmService(g, "tenants", up, { perUserBulkhead: { key: "query:tenant", maxConcurrent: 1 } });
    const a1 = settle([g.gw("tenants", "/x?tenant=acme&page=1")]);
    await waitFor(() => up.held === 1, 15_000, "acme's request at the upstream");
    const [a2] = await settle([g.gw("tenants", "/y?page=2&tenant=acme")]);
    expect(a2).toMatchObject({ status: 429, code: "user_bulkhead_full" });
    const other = settle([g.gw("tenants", "/x?tenant=globex")]);
    await waitFor(() => up.held === 2, 15_000, "globex's request at the upstream");
    const top = (await g.bulkhead("tenants")).perUser.top;
    expect(top.map((t: any) => t.key).sort()).toEqual(["acme", "globex"]);
    up.release();
    expect((await a1)[0]!.status).toBe(200);
    expect((await other)[0]!.status).toBe(200);
  });

  it("keys the per-user bulkhead by client IP, which a client cannot change with X-Forwarded-For", async () => {
    const up = await upstream({ hold: true });
    await calmService(g, "by-ip", up, { perUserBulkhead: { key: "ip", maxConcurrent: 1 } });
    const first = settle([g.gw("by-ip", "/")]);
    await waitFor(() => up.held === 1, 15_000, "first request at the upstream");
    const [second] = await settle([g.gw("by-ip", "/", { headers: { "x-forwarded-for": "203.0.113.9" } })]);
    expect(second).toMatchObject({ status: 429, code: "user_bulkhead_full" });
    const top = (await g.bulkhead("by-ip")).perUser.top;
    expect(top).toHaveLength(1);
    expect(top[0].key).toBe("127.0.0.1");
    up.release();
    expect((await first)[0]!.status).toBe(200);
  });

  it("gives a queued request's place back when its client goes away", async () => {
    const up = await upstream({ hold: true });
    await calmService(g, "queue-abort", up, { bulkhead: { maxConcurrent: 1, maxQueue: 1, queueTimeoutMs: 30_000 } });
    const running = settle([g.gw("queue-abort", "/first")]);
    await waitFor(() => up.held === 1, 15_000, "first request at the upstream");
    const ac = new AbortController();
    const queued = rawRequest(g.server.gatewayPort, "/queue-abort/second", { signal: ac.signal }).catch((e: Error) => e);
    await expect.poll(async () => (await g.bulkhead("queue-abort")).queued, { timeout: 15_000 }).toBe(1);
    ac.abort();
    await queued;
    await expect.poll(async () => (await g.bulkhead("queue-abort")).queued, { timeout: 15_000 }).toBe(0);
    // the freed queue place is usable, and the abandoned request never reaches the upstream
    const third = settle([g.gw("queue-abort", "/third")]);
    await expect.poll(async () => (await g.bulkhead("queue-abort")).queued, { timeout: 15_000 }).toBe(1);
    up.release();
    expect((await running)[0]!.status).toBe(200);
    expect((await third)[0]!.status).toBe(200);
    expect(up.count("/second")).toBe(0);
    expect(up.count("/third")).toBe(1);
  });

  it("aborts the upstream request when the client goes away, and frees the bulkhead slot", async () => {
    const up = await upstream({ hold: true });
    await calmService(g, "abandoned", up, { bulkhead: { maxConcurrent: 1, maxQueue: 0 } });
    const ac = new AbortController();
    const pending = rawRequest(g.server.gatewayPort, "/abandoned/long-poll", { signal: ac.signal }).catch((e: Error) => e);
    await waitFor(() => up.held === 1, 15_000, "request held at the upstream");
    expect((await g.bulkhead("abandoned")).active).toBe(1);
    ac.abort();
    expect(await pending).toBeInstanceOf(Error);
    await waitFor(() => up.aborted === 1, 15_000, "the upstream to see its request aborted");
    await expect.poll(async () => (await g.bulkhead("abandoned")).active, { timeout: 15_000 }).toBe(0);
    // the slot is really free: a new request goes through
    up.set({ hold: false });
    up.release();
    const r = await g.gw("abandoned", "/again");
    expect(r.status).toBe(200);
    await r.text();
    // the abort is not the upstream's fault
    expect((await g.breaker("abandoned")).metrics.failures).toBe(0);
  });
});
