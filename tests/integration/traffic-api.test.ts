// Per-service traffic through the real gateway: every answer counted by outcome (successes,
// upstream errors, service-bulkhead and per-user refusals, unknown services), the API's figures
// equal /metrics, latency quantiles are reported, and the 10-s samples behind the overview chart
// count the refusals too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayAnswerCounts } from "../helpers/metrics-text";
import { calmService, startGateway, startUpstream, waitFor, type GatewayUnderTest, type Upstream } from "../helpers/upstreams";

describe("per-service traffic", () => {
  let g: GatewayUnderTest;
  let up: Upstream;

  beforeAll(async () => {
    g = await startGateway();
    up = await startUpstream({ hold: true });
  });
  afterAll(async () => {
    await g?.stop().catch(() => undefined);
    await up?.close().catch(() => undefined);
  });

  it("counts every answer by outcome, and the API agrees with /metrics and the samples", async () => {
    await calmService(g, "shop", up, { bulkhead: { maxConcurrent: 2, maxQueue: 0 }, perUserBulkhead: { key: "header:x-user-id", maxConcurrent: 1 } });
    const as = (user: string) => g.gw("shop", "/item", { headers: { "x-user-id": user } });
    const held = [as("alice"), as("bob")];
    await waitFor(() => up.held === 2, 15_000, "two requests held at the upstream");
    // alice is at her own limit: 429; carol finds the service bulkhead full: 503
    const refused = await Promise.all([as("alice"), as("alice"), as("alice"), as("carol"), as("carol")]);
    expect(refused.map((r) => r.status)).toEqual([429, 429, 429, 503, 503]);
    up.release();
    up.set({ hold: false });
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
    up.set({ status: 500 });
    for (let i = 0; i < 4; i++) expect((await as("dave")).status).toBe(500);
    up.set({ status: 200 });
    for (let i = 0; i < 6; i++) expect((await as("erin")).status).toBe(200);
    expect((await g.gw("no-such-service", "/x")).status).toBe(404);

    const r = await g.viewer.get("/api/v1/traffic/services");
    expect(r.status).toBe(200);
    const shop = r.json.services.find((s: any) => s.service === "shop");
    expect(shop.totals).toMatchObject({ success: 8, upstream_error: 4, user_limit: 3, bulkhead_full: 2, circuit_open: 0, timeout: 0, unreachable: 0 });
    expect(r.json.unrouted.bad_request).toBeGreaterThanOrEqual(1);
    expect(shop.window.requests).toBe(17);
    expect(shop.window.errorPercent).toBeCloseTo((4 / 17) * 100, 1);
    expect(shop.window.rejectionPercent).toBeCloseTo((5 / 17) * 100, 1);
    expect(shop.window.latencyMs.p50).toBeGreaterThan(0);
    expect(shop.window.latencyMs.p99).toBeGreaterThanOrEqual(shop.window.latencyMs.p50);
    expect(shop.health).toBe("failing");
    expect(shop.slots.at(-1).requests + shop.slots.at(-2).requests).toBe(17);

    // /metrics counts the same answers
    const m = gatewayAnswerCounts(await g.metrics(), "shop");
    expect(m).toEqual({ "200": shop.totals.success, "500": shop.totals.upstream_error, "429": shop.totals.user_limit, "503": shop.totals.bulkhead_full });

    // the bulkheads page sees the per-user refusals too
    const b = await g.bulkhead("shop");
    expect(b.rejected).toBe(2);
    expect(b.perUser.rejected).toBe(3);

    // the 10-s samples (the overview chart) count every answer, refusals included
    const sampled = await waitFor(async () => {
      const t = await g.viewer.get("/api/v1/traffic?range=15m");
      const pts = t.json as any[];
      const sum = (f: (p: any) => number) => pts.reduce((a, p) => a + f(p), 0);
      return sum((p) => p.outcomes.user_limit ?? 0) === 3 && sum((p) => p.requests) >= 17 ? pts : null;
    }, 30_000, "samples with every answer");
    const total = (k: string) => sampled.reduce((a: number, p: any) => a + (p[k] ?? 0), 0);
    expect(total("rejected")).toBe(5);
    expect(total("failed")).toBe(4);
  });
});
