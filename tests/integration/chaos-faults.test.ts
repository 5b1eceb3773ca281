// Chaos faults act where the upstream call would be, so the guards see them as real upstream
// failures (issue #16): `abort` reaches retry and breaker as a connection error, `latency` is cut
// short by the service's timeout, `bandwidth` throttles a 1 MB body to its rate (±20 %). And with
// BREAKWATER_CHAOS=off every experiments endpoint answers 403 chaos_disabled. The two servers start
// side by side; the fault tests run in order.
import { afterAll, beforeAll, describe, it } from "vitest";
import { CALM_BREAKER, startGateway, startUpstream, type GatewayUnderTest, type Upstream } from "../helpers/upstreams";

describe.concurrent("chaos faults through the gateway's guards (sqlite)", () => {
  let g: GatewayUnderTest;
  const ups: Upstream[] = [];
  const service = async (name: string, extra: Record<string, unknown>, b?: Parameters<typeof startUpstream>[0]) => {
    const up = await startUpstream(b);
    ups.push(up);
    await g.createService({ name, baseUrl: up.url, breaker: CALM_BREAKER, retry: { maxAttempts: 1 }, ...extra });
    return up;
  };
  const experiment = async (service: string, faults: unknown[]) => {
    const r = await g.operator.post("/api/v1/experiments", { name: `${service} faults`, service, faults, durationSeconds: 600 });
    if (r.status !== 201) throw new Error(`creating experiment: ${r.status} ${r.text}`);
    return r.json as { id: string };
  };
  const stop = async (id: string) => (await g.operator.post(`/api/v1/experiments/${id}/stop`)).json;

  beforeAll(async () => {
    g = await startGateway({ provider: "sqlite" });
  });
  afterAll(async () => {
    await g?.stop();
    await Promise.all(ups.map((u) => u.close().catch(() => undefined)));
  });

  it.sequential("abort: retry and breaker see an upstream connection error (502 upstream_unreachable), the upstream sees nothing", async ({ expect }) => {
    const up = await service("reset", {
      retry: { maxAttempts: 3, initialDelayMs: 1, jitter: "none", budgetPercent: 100 },
      breaker: { minimumCalls: 3, window: { type: "count", size: 3 }, failureRateThreshold: 50, waitInOpenMs: 60_000 },
    });
    const exp = await experiment("reset", [{ type: "abort" }]);
    const r = await g.gw("reset", "/x");
    const body = (await r.json()) as any;
    expect(r.status).toBe(502);
    expect(r.headers.get("x-breakwater-reason")).toBe("upstream_unreachable");
    expect(body.error.message).toContain("ECONNRESET");
    expect(up.total).toBe(0);
    // three attempts, each a failed call for the breaker, which opened on them
    const metrics = await g.metrics();
    expect(metrics).toMatch(/^breakwater_retry_calls_total\{service="reset",kind="failed_with_retry"\} 1$/m);
    expect(metrics).toMatch(/^breakwater_circuitbreaker_calls_total\{name="reset",kind="failed"\} 3$/m);
    expect((await g.breaker("reset")).state).toBe("open");
    expect((await stop(exp.id)).observed).toMatchObject({ requests: 1, injected: { abort: 1 }, errors: 1 });
  });

  it.sequential("latency: delays the upstream call; the service's timeout still applies", async ({ expect }) => {
    const slow = await service("slowed", { timeoutMs: 5_000 });
    const cut = await service("cut", { timeoutMs: 150 });
    const a = await experiment("slowed", [{ type: "latency", ms: 300 }]);
    const b = await experiment("cut", [{ type: "latency", ms: 2_000 }]);

    let t0 = performance.now();
    const delayed = await g.gw("slowed", "/");
    await delayed.text();
    expect(delayed.status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(295);
    expect(slow.total).toBe(1);

    t0 = performance.now();
    const timedOut = await g.gw("cut", "/");
    await timedOut.text();
    expect(timedOut.status).toBe(504);
    expect(timedOut.headers.get("x-breakwater-reason")).toBe("upstream_timeout");
    expect(performance.now() - t0).toBeLessThan(1_500); // the timeout, not the 2 s latency
    expect(cut.total).toBe(0);
    await stop(a.id);
    await stop(b.id);
  });

  it.sequential("bandwidth: a 1 MB body arrives at the set rate (±20 %), complete", async ({ expect }) => {
    const BYTES = 1_000_000;
    const RATE = 500_000; // 2 s
    await service("narrow", {}, { streamBytes: BYTES });
    const exp = await experiment("narrow", [{ type: "bandwidth", bytesPerSecond: RATE }]);
    const t0 = performance.now();
    const r = await g.gw("narrow", "/big");
    const body = Buffer.from(await r.arrayBuffer());
    const seconds = (performance.now() - t0) / 1000;
    expect(r.status).toBe(200);
    expect(body.length).toBe(BYTES);
    expect(seconds).toBeGreaterThanOrEqual((BYTES / RATE) * 0.8);
    expect(seconds).toBeLessThanOrEqual((BYTES / RATE) * 1.2);
    await stop(exp.id);
    // after the stop, the same body is not throttled
    const t1 = performance.now();
    await (await g.gw("narrow", "/big")).arrayBuffer();
    expect(performance.now() - t1).toBeLessThan(1_000);
  });
});

describe.concurrent("BREAKWATER_CHAOS=off", () => {
  let g: GatewayUnderTest;
  beforeAll(async () => {
    g = await startGateway({ provider: "sqlite", env: { BREAKWATER_CHAOS: "off" } });
  });
  afterAll(async () => {
    await g?.stop();
  });

  it("every experiments endpoint answers 403 chaos_disabled", async ({ expect }) => {
    const answers = [
      await g.operator.post("/api/v1/experiments", { name: "x", service: "none", faults: [{ type: "abort" }], durationSeconds: 60 }),
      await g.viewer.get("/api/v1/experiments"),
      await g.viewer.get("/api/v1/experiments/some-id"),
      await g.operator.post("/api/v1/experiments/some-id/stop"),
      await g.operator.post("/api/v1/experiments/stop-all"),
    ];
    for (const a of answers) {
      expect(a.status).toBe(403);
      expect(a.json.error.code).toBe("chaos_disabled");
    }
  });
});
