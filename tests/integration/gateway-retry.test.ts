// Retries through the real gateway: which requests are retried (idempotent methods, Idempotency-Key)
// and on what (retryOn), the upstream's Retry-After, the retry budget, no retries while the breaker
// is open, and the last upstream answer returned once retries are exhausted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALM_BREAKER, startGateway, type GatewayUnderTest, type Behaviour } from "../helpers/upstreams";

describe("gateway retries", () => {
  let g: GatewayUnderTest;
  const service = async (name: string, b: Partial<Behaviour>, extra: Record<string, unknown> = {}) => {
    const u = await g.upstream(b);
    await g.createService({
      name,
      baseUrl: u.url,
      breaker: CALM_BREAKER,
      retry: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 200, jitter: "none", retryOn: [502, 503, 504] },
      ...extra,
    });
    return u;
  };

  beforeAll(async () => {
    g = await startGateway();
  });
  afterAll(() => g?.stop());

  it("retries a GET on a retryOn status until the upstream succeeds", async () => {
    const up = await service("get-retry", { failTimes: 2, failStatus: 503 });
    const r = await g.gw("get-retry", "/items?x=1");
    expect(r.status).toBe(200);
    const body = (await r.json()) as any;
    expect(body.url).toBe("/items?x=1");
    expect(up.total).toBe(3);
    expect(up.requests.every((q) => q.method === "GET" && q.url === "/items?x=1")).toBe(true);
    const metrics = await g.metrics();
    expect(metrics).toMatch(/^breakwater_retry_calls_total\{service="get-retry",kind="successful_with_retry"\} 1$/m);
  });

  it("does not retry a POST", async () => {
    const up = await service("post-once", { failTimes: 1, failStatus: 503 });
    const r = await g.gw("post-once", "/orders", { method: "POST", body: '{"n":1}', headers: { "content-type": "application/json" } });
    expect(r.status).toBe(503);
    await r.text();
    expect(up.total).toBe(1);
  });

  it("retries a POST that carries an Idempotency-Key, resending the same body", async () => {
    const up = await service("post-key", { failTimes: 1, failStatus: 502 });
    const r = await g.gw("post-key", "/orders", {
      method: "POST",
      body: '{"order":42}',
      headers: { "content-type": "application/json", "idempotency-key": "k-123" },
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as any).body).toBe('{"order":42}');
    expect(up.total).toBe(2);
    expect(up.requests.map((q) => q.body)).toEqual(['{"order":42}', '{"order":42}']);
    expect(up.requests.map((q) => q.headers["idempotency-key"])).toEqual(["k-123", "k-123"]);
  });

  it("does not retry statuses outside retryOn", async () => {
    const up = await service("no-retry-500", { failTimes: 1, failStatus: 500 });
    const r = await g.gw("no-retry-500", "/");
    expect(r.status).toBe(500);
    await r.text();
    expect(up.total).toBe(1);
  });

  it("retries retryOn statuses even when they are not breaker failures", async () => {
    // CONTRACT: retries happen "on retryOn statuses or connection errors"; failureStatusCodes only
    // decides what the breaker counts as a failure.
    const up = await service("retry-not-failure", { failTimes: 1, failStatus: 503 }, { breaker: { ...CALM_BREAKER, failureStatusCodes: [500] } });
    const r = await g.gw("retry-not-failure", "/");
    expect(r.status).toBe(200);
    await r.text();
    expect(up.total).toBe(2);
  });

  it("honours the upstream's Retry-After before retrying", async () => {
    const up = await service(
      "retry-after",
      { failTimes: 1, failStatus: 503, retryAfter: "1" },
      { retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 3000, jitter: "none" } },
    );
    const t0 = Date.now();
    const r = await g.gw("retry-after", "/");
    expect(r.status).toBe(200);
    await r.text();
    expect(up.total).toBe(2);
    const gap = up.requests[1]!.at - up.requests[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(900); // the header asked for 1 s (backoff alone would be 10 ms)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });

  it("does not wait longer than maxDelayMs for an upstream asking for a long Retry-After", async () => {
    const up = await service(
      "retry-after-long",
      { failTimes: 1, failStatus: 503, retryAfter: "30" },
      { retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 500, jitter: "none" } },
    );
    const t0 = Date.now();
    const r = await g.gw("retry-after-long", "/");
    expect([200, 503]).toContain(r.status);
    await r.text();
    expect(Date.now() - t0).toBeLessThan(10_000); // nowhere near the 30 s asked for
    expect(up.total).toBeLessThanOrEqual(2);
  });

  it("returns the upstream's last failed answer when retries are exhausted", async () => {
    const up = await service("always-503", {
      status: 503,
      body: "upstream says: maintenance",
      headers: { "x-upstream-marker": "m1" },
    });
    const r = await g.gw("always-503", "/status");
    expect(r.status).toBe(503);
    expect(r.headers.get("x-upstream-marker")).toBe("m1");
    expect(r.headers.get("x-breakwater-reason")).toBeNull();
    expect(await r.text()).toBe("upstream says: maintenance");
    expect(up.total).toBe(3);
    const metrics = await g.metrics();
    expect(metrics).toMatch(/^breakwater_retry_calls_total\{service="always-503",kind="failed_with_retry"\} 1$/m);
  });

  it("stops retrying once the retry budget is spent", async () => {
    const budgetPercent = 10;
    const up = await service(
      "budgeted",
      { status: 503 },
      { retry: { maxAttempts: 3, initialDelayMs: 0, maxDelayMs: 0, jitter: "none", budgetPercent } },
    );
    const requests = 60;
    const t0 = Date.now();
    for (let batch = 0; batch < requests / 10; batch++) {
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          const r = await g.gw("budgeted", "/");
          expect(r.status).toBe(503);
          await r.text();
        }),
      );
    }
    const seconds = Math.ceil((Date.now() - t0) / 1000);
    const retries = up.total - requests;
    // CONTRACT: retries ≤ budgetPercent % of requests over the last 10 s, at least 1/s
    // (1/s over the 10 s window, plus the seconds the test took, as a generous allowance).
    const allowance = Math.max(Math.ceil((requests * budgetPercent) / 100), 10 + seconds);
    expect(retries).toBeGreaterThan(0);
    expect(retries).toBeLessThanOrEqual(allowance);
    expect(up.total).toBeLessThan(requests * 3); // without a budget every request would try 3 times
  });

  it("retries an idempotent request after a connection error, but not a POST", async () => {
    const up = await service("resetting", { destroyTimes: 1 });
    const r = await g.gw("resetting", "/idempotent", { method: "PUT", body: "v=1" });
    expect(r.status).toBe(200);
    expect(((await r.json()) as any).body).toBe("v=1");
    expect(up.total).toBe(2);

    up.set({ destroyTimes: 1 });
    const p = await g.gw("resetting", "/create", { method: "POST", body: "v=2" });
    expect(p.status).toBe(502);
    expect(p.headers.get("x-breakwater-reason")).toBe("upstream_unreachable");
    expect(((await p.json()) as any).error.code).toBe("upstream_unreachable");
    expect(up.count("/create")).toBe(1);
  });

  it("does not retry an attempt that timed out", async () => {
    const up = await service("timing-out", { latencyMs: 2000 }, { timeoutMs: 200 });
    const r = await g.gw("timing-out", "/");
    expect(r.status).toBe(504);
    expect(((await r.json()) as any).error.code).toBe("upstream_timeout");
    expect(up.total).toBe(1);
  });

  it("applies an edited budgetPercent to the next requests", async () => {
    const up = await service("budget-edit", { status: 503 }, { retry: { maxAttempts: 2, initialDelayMs: 0, maxDelayMs: 0, jitter: "none", budgetPercent: 0 } });
    const put = await g.admin.request("PUT", "/api/v1/services/budget-edit", {
      baseUrl: up.url,
      breaker: CALM_BREAKER,
      retry: { maxAttempts: 2, initialDelayMs: 0, maxDelayMs: 0, jitter: "none", budgetPercent: 100 },
    });
    expect(put.status).toBe(200);
    const requests = 40;
    for (let batch = 0; batch < requests / 10; batch++) {
      await Promise.all(Array.from({ length: 10 }, async () => void (await (await g.gw("budget-edit", "/")).text())));
    }
    // budgetPercent 100: every request may retry once (with 0 % only the 1/s floor would apply: ≤ ~11 retries)
    expect(up.total - requests).toBeGreaterThanOrEqual(30);
  });

  it("never retries while the breaker refuses: the open breaker ends the retries and keeps traffic away", async () => {
    const up = await service(
      "tripping",
      { status: 503 },
      { breaker: { minimumCalls: 2, window: { type: "count", size: 2 }, failureRateThreshold: 50, waitInOpenMs: 60_000 } },
    );
    const r = await g.gw("tripping", "/");
    // attempt 1 and 2 fail and trip the breaker; attempt 3 is refused: the last upstream answer is returned
    expect(r.status).toBe(503);
    expect(r.headers.get("x-breakwater-reason")).toBeNull();
    await r.text();
    expect(up.total).toBe(2);
    expect((await g.breaker("tripping")).state).toBe("open");
    for (let i = 0; i < 5; i++) {
      const x = await g.gw("tripping", "/");
      expect(x.status).toBe(503);
      expect(x.headers.get("x-breakwater-reason")).toBe("circuit_open");
      await x.text();
    }
    expect(up.total).toBe(2);
  });
});
