// Circuit breakers through the real gateway: tripping on upstream 5xx and on slow calls, refusing
// with 503 circuit_open (Retry-After = time to half-open) without calling the upstream, half-open
// recovery, the persisted transition history, and the Prometheus metrics — on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, it } from "vitest";
import { PROVIDERS } from "../helpers/databases";
import { startGateway, waitFor, type GatewayUnderTest, type Behaviour, sendCalls } from "../helpers/upstreams";

describe.concurrent.each(PROVIDERS)("gateway breaker on %s", (provider) => {
  let g: GatewayUnderTest;
  const upstream = (b?: Partial<Behaviour>) => g.upstream(b);

  beforeAll(async () => {
    g = await startGateway({ provider });
  });
  afterAll(() => g?.stop());

  it.sequential("trips on upstream 5xx, refuses with 503 circuit_open without calling the upstream, then recovers through half-open", async ({ expect }) => {
    const up = await upstream({ status: 500 });
    await g.createService({
      name: "flaky",
      baseUrl: up.url,
      // open long enough for the refusals below on a busy machine
      breaker: { minimumCalls: 4, window: { type: "count", size: 4 }, failureRateThreshold: 50, waitInOpenMs: 5000, halfOpenMaxCalls: 1, successThreshold: 2 },
      retry: { maxAttempts: 1 },
    });
    expect(await sendCalls(g, "flaky", 4, "/orders")).toEqual(Array(4).fill(500)); // the upstream's own answer, passed through
    expect(up.total).toBe(4);

    const refused = await g.gw("flaky", "/orders");
    const now = Date.now();
    expect(refused.status).toBe(503);
    expect(refused.headers.get("x-breakwater-reason")).toBe("circuit_open");
    const body = (await refused.json()) as any;
    expect(body.error.code).toBe("circuit_open");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);

    const b = await g.breaker("flaky");
    expect(b.state).toBe("open");
    expect(b.halfOpenAt).toBeDefined();
    const toHalfOpen = (Date.parse(b.halfOpenAt) - now) / 1000;
    expect(Math.abs(retryAfter - toHalfOpen)).toBeLessThanOrEqual(1);

    // several more refusals: the upstream sees none of them
    expect(await sendCalls(g, "flaky", 5, "/orders")).toEqual(Array(5).fill(503));
    expect(up.total).toBe(4);

    // the upstream heals; the breaker half-opens by itself when its time is up
    up.set({ status: 200 });
    await expect.poll(async () => (await g.breaker("flaky")).state, { timeout: 15_000, interval: 100 }).toBe("half_open");
    expect(up.total).toBe(4); // half-opening needed no traffic
    expect(await sendCalls(g, "flaky", 2, "/orders")).toEqual(Array(2).fill(200));
    expect((await g.breaker("flaky")).state).toBe("closed");
    const ok = await g.gw("flaky", "/orders");
    expect(ok.status).toBe(200);
    await ok.text();

    // the history is persisted, newest first: closed → open → half_open → closed
    const history = await waitFor(async () => {
      const t = await g.transitions("flaky");
      return t.length >= 3 ? t : undefined;
    }, 15_000, "three transitions");
    expect(history.map((t: any) => `${t.from}->${t.to}`)).toEqual(["half_open->closed", "open->half_open", "closed->open"]);
    for (const t of history) expect(t.name).toBe("flaky");
    expect(Date.parse(history[0].at)).toBeGreaterThanOrEqual(Date.parse(history[2].at));
  });

  it.sequential("counts 4xx answers not listed in failureStatusCodes as successes, and listed ones as failures", async ({ expect }) => {
    const up = await upstream({ status: 404 });
    const breaker = { minimumCalls: 3, window: { type: "count", size: 3 }, failureRateThreshold: 50, waitInOpenMs: 60_000 };
    await g.createService({ name: "notfound", baseUrl: up.url, breaker, retry: { maxAttempts: 1 } });
    expect(await sendCalls(g, "notfound", 6, "/missing")).toEqual(Array(6).fill(404));
    const b = await g.breaker("notfound");
    expect(b.state).toBe("closed");
    expect(b.metrics.failures).toBe(0);
    expect(up.total).toBe(6);

    const up429 = await upstream({ status: 429 });
    await g.createService({ name: "limited", baseUrl: up429.url, breaker: { ...breaker, failureStatusCodes: [429] }, retry: { maxAttempts: 1 } });
    for (let i = 0; i < 3; i++) await (await g.gw("limited", "/")).text();
    expect((await g.breaker("limited")).state).toBe("open");
    const r = await g.gw("limited", "/");
    expect(r.status).toBe(503);
    expect(r.headers.get("x-breakwater-reason")).toBe("circuit_open");
    expect(up429.total).toBe(3);
  });

  it.sequential("trips on slow calls (slowCallRateThreshold) even though every answer was 200", async ({ expect }) => {
    const up = await upstream({ status: 200, latencyMs: 400 });
    await g.createService({
      name: "sluggish",
      baseUrl: up.url,
      breaker: { minimumCalls: 3, window: { type: "count", size: 3 }, slowCallDurationMs: 150, slowCallRateThreshold: 50, waitInOpenMs: 60_000 },
      retry: { maxAttempts: 1 },
    });
    expect(await sendCalls(g, "sluggish", 3, "/")).toEqual(Array(3).fill(200));
    const b = await g.breaker("sluggish");
    expect(b.state).toBe("open");
    expect(b.metrics.slowCalls).toBeGreaterThanOrEqual(2);
    const r = await g.gw("sluggish", "/");
    expect(r.status).toBe(503);
    expect(((await r.json()) as any).error.code).toBe("circuit_open");
    expect(up.total).toBe(3);
    const t = await waitFor(async () => (await g.transitions("sluggish")).find((x: any) => x.to === "open"), 15_000, "open transition");
    expect(t.from).toBe("closed");
  });

  it.sequential("exposes breaker, bulkhead, retry and latency metrics in Prometheus format", async ({ expect }) => {
    const text = await g.metrics();
    expect(text).toMatch(/^breakwater_circuitbreaker_state\{name="flaky",state="closed"\} 1$/m);
    expect(text).toMatch(/^breakwater_circuitbreaker_state\{name="limited",state="open"\} 1$/m);
    expect(text).toMatch(/^breakwater_circuitbreaker_state\{name="limited",state="closed"\} 0$/m);
    expect(text).toMatch(/^breakwater_circuitbreaker_calls_total\{name="flaky",kind="failed"\} 4$/m);
    expect(text).toMatch(/^breakwater_circuitbreaker_calls_total\{name="flaky",kind="successful"\} [1-9]\d*$/m);
    expect(text).toMatch(/^breakwater_circuitbreaker_calls_total\{name="flaky",kind="not_permitted"\} [1-9]\d*$/m);
    expect(text).toMatch(/^breakwater_circuitbreaker_calls_total\{name="sluggish",kind="slow"\} 3$/m);
    expect(text).toMatch(/^breakwater_bulkhead_active\{service="flaky"\} 0$/m);
    expect(text).toMatch(/^# TYPE breakwater_bulkhead_rejected_total counter$/m);
    expect(text).toMatch(/^breakwater_retry_calls_total\{service="flaky",kind="failed_without_retry"\} 4$/m);
    expect(text).toMatch(/^# TYPE breakwater_gateway_request_duration_seconds histogram$/m);
    expect(text).toMatch(/^breakwater_gateway_request_duration_seconds_count\{service="flaky",code="503"\} [1-9]\d*$/m);
    expect(text).toMatch(/^breakwater_gateway_request_duration_seconds_bucket\{(?=[^}]*service="flaky")(?=[^}]*le="\+Inf")[^}]*\} [1-9]\d*$/m);
  });
});
