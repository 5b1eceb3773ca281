// The numbers in a real browser: the overview's rejection count equals what /metrics says the
// gateway refused (service bulkhead and per-user limit alike), the service grid names the failing
// service, and the services list shows latency quantiles.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { gatewayAnswerCounts } from "../helpers/metrics-text";
import { startBrowserWorld, type BrowserWorld } from "../helpers/e2e-world";
import type { ApiClient } from "../helpers/api-client";
import { declareService, livePage, PASSWORDS, setUpUsers, shot, startFlakyUpstream, type FlakyUpstream } from "../helpers/e2e-dashboard";

describe("dashboard: traffic numbers", () => {
  let world: BrowserWorld<FlakyUpstream>;
  let { server, browser, peer: upstream } = {} as BrowserWorld<FlakyUpstream>;
  let page: Page;
  let admin: ApiClient;

  beforeAll(async () => {
    world = await startBrowserWorld({ peer: startFlakyUpstream });
    ({ server, browser, peer: upstream } = world);
    admin = await setUpUsers(server.url);
    await declareService(admin, {
      name: "api",
      baseUrl: upstream.url,
      retry: { maxAttempts: 1 },
      bulkhead: { maxConcurrent: 1, maxQueue: 0 },
      perUserBulkhead: { key: "header:x-user-id", maxConcurrent: 1 },
    });
    page = await livePage(browser, server.url, "admin", PASSWORDS.admin, "/");
  });
  afterAll(async () => {
    await world?.stop();
  });

  it("the overview's rejections match /metrics, and the grid names the failing service", async () => {
    const call = (user: string) => fetch(`${server.gatewayUrl}/api/x`, { headers: { "x-user-id": user } });
    upstream.set("hold");
    const held = call("alice");
    for (let i = 0; i < 50 && upstream.held < 1; i++) await new Promise((r) => setTimeout(r, 100));
    expect(upstream.held).toBe(1);
    const refused = await Promise.all([call("alice"), call("alice"), call("alice"), call("bob"), call("bob")]);
    expect(refused.map((r) => r.status).sort()).toEqual([429, 429, 429, 503, 503]);
    upstream.release();
    expect((await held).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await call("carol")).status).toBe(200);

    const counts = gatewayAnswerCounts(await (await fetch(`${server.url}/metrics`)).text(), "api");
    const inMetrics = (counts["429"] ?? 0) + (counts["503"] ?? 0);
    expect(inMetrics).toBe(5);

    // the grid is live: 5 of 9 answers refused, 2 of them by the full service bulkhead
    await expect.poll(async () => page.getByTestId("grid-api").getAttribute("data-health"), { timeout: 15_000 }).toBe("failing");
    expect(await page.getByTestId("failing-services").textContent()).toContain("api");

    // the traffic chart reads the 10-s samples: reload until the intervals are written (the 9 answers
    // may straddle two of them)
    await expect
      .poll(
        async () => {
          await page.reload();
          return { rejected: Number(await page.getByTestId("traffic-rejected").textContent()), total: Number(await page.getByTestId("traffic-total").textContent()) };
        },
        { timeout: 40_000, interval: 500 },
      )
      .toEqual({ rejected: inMetrics, total: 9 });
    await shot(page, "overview-traffic");
  });

  it("the SLO page draws from the SLO's creation, with the server's burn history and distinct axis labels", async () => {
    const created = await admin.post("/api/v1/slos", { name: "api availability", service: "api", sli: { type: "availability" }, objective: 99, windowSeconds: 604_800 });
    expect(created.status).toBe(201);
    for (let i = 0; i < 5; i++) await fetch(`${server.gatewayUrl}/api/x`, { headers: { "x-user-id": `u${i}` } });
    await page.goto(`/slos/${created.json.id}`);
    const burn = page.getByTestId("burn-rate-chart");
    const downChart = page.getByTestId("burn-down-chart");
    // the history comes with the page (recorded on the server), not from watching it
    expect(Number(await burn.getAttribute("data-points"))).toBeGreaterThanOrEqual(1);
    const status = (await admin.get(`/api/v1/slos/${created.json.id}/status`)).json;
    expect(Date.parse(status.series[0].t)).toBeGreaterThanOrEqual(Date.parse(created.json.createdAt));
    expect(status.since).toBe(created.json.createdAt);
    for (const chart of [burn, downChart]) {
      await chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").first().waitFor({ timeout: 10_000 });
      const labels = await chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents();
      expect(labels.length).toBeGreaterThanOrEqual(2);
      expect(new Set(labels).size).toBe(labels.length);
    }
    expect(await downChart.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value").first().textContent()).toMatch(/%$/);
    await shot(page, "slo-detail-numbers");
  });

  it("an SLO counts what clients get: calls refused by an open breaker are bad events, live on its page", async () => {
    await declareService(admin, { name: "refusing", baseUrl: upstream.url, retry: { maxAttempts: 1 } });
    const created = await admin.post("/api/v1/slos", { name: "refusing availability", service: "refusing", sli: { type: "availability" }, objective: 99, windowSeconds: 3600 });
    expect(created.status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.gatewayUrl}/refusing/ok`)).status).toBe(200);
    expect((await admin.post("/api/v1/breakers/refusing/force", { state: "open", reason: "e2e: refusals count" })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const r = await fetch(`${server.gatewayUrl}/refusing/refused`);
      expect(r.headers.get("x-breakwater-reason")).toBe("circuit_open");
      await r.text();
    }
    await page.goto(`/slos/${created.json.id}`);
    // 3 good answers and 2 refusals by the open breaker: 3 / 5, not 3 / 3
    await page.getByTestId("slo-events").filter({ hasText: /^\s*3 \/ 5\s*$/ }).waitFor({ timeout: 15_000 });
  });

  it("the services list shows requests, errors, refusals and latency quantiles", async () => {
    await page.goto("/services");
    const latency = page.getByTestId("traffic-latency-api");
    await expect.poll(async () => latency.textContent(), { timeout: 15_000 }).toMatch(/^\d[\d.]* m?s \/ \d[\d.]* m?s \/ \d[\d.]* m?s$/);
    expect(await page.getByTestId("traffic-rejected-api").textContent()).toMatch(/%$/);
    await shot(page, "services-traffic");
  });
});
