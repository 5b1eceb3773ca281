// Services and bulkheads in a real browser: the service form's per-field validation and a save
// the gateway applies at once, the bulkhead chart moving under load, and the connection banner
// across a server restart on the same port.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startServer } from "../helpers/server";
import { startBrowserWorld, type BrowserWorld } from "../helpers/e2e-world";
import { ApiClient } from "../helpers/api-client";
import { declareService, livePage, PASSWORDS, setUpUsers, shot, startFlakyUpstream, type FlakyUpstream } from "../helpers/e2e-dashboard";

const ENV = { BREAKWATER_ADMIN_PASSWORD: PASSWORDS.admin };

describe("dashboard: services form, bulkheads under load, reconnect", () => {
  let world: BrowserWorld<FlakyUpstream>;
  let { server, browser, peer: upstream } = {} as BrowserWorld<FlakyUpstream>;
  let admin: ApiClient;
  let page: Page;

  beforeAll(async () => {
    world = await startBrowserWorld({ peer: startFlakyUpstream, env: ENV });
    ({ server, browser, peer: upstream } = world);
    admin = await setUpUsers(server.url);
    page = await livePage(browser, server.url, "admin", PASSWORDS.admin, "/services");
  });
  afterAll(async () => {
    await world?.stop();
  });

  it("shows the empty state, then a service declared through the API appears live", async () => {
    const empty = page.getByTestId("empty-state");
    await empty.waitFor();
    expect(await empty.textContent()).toContain("No services yet — add one, or run `npm run demo`");
    await shot(page, "services-empty");
    await declareService(admin, { name: "orders", baseUrl: upstream.url, retry: { maxAttempts: 1 } });
    await page.getByTestId("service-row-orders").waitFor({ timeout: 10_000 });
    // where to reach it: the gateway's own port, not the dashboard's
    const gatewayUrl = `${server.gatewayUrl}/orders/`;
    expect(await page.getByTestId("service-row-orders").getByTestId("gateway-url-orders").textContent()).toBe(gatewayUrl);
    await shot(page, "services");
    await page.goto("/services/orders");
    expect(await page.getByTestId("gateway-url-orders").textContent()).toBe(gatewayUrl);
    expect((await fetch(gatewayUrl)).status).not.toBe(404); // routed to the upstream
    await page.goto("/services");
  });

  it("(d) the create form shows per-field errors from the shared schema, on blur and on submit, and keeps the input", async () => {
    await page.goto("/services/new");
    await page.locator("#field-name").fill("Bad Name!");
    await page.locator("#field-name").blur();
    await page.getByTestId("error-name").waitFor();
    expect(await page.getByTestId("error-name").textContent()).toMatch(/lower-case/);
    await page.locator("#field-breaker-failureRateThreshold").fill("150");
    await page.locator("#field-breaker-failureRateThreshold").blur();
    await page.getByTestId("error-breaker.failureRateThreshold").waitFor();
    await page.locator("#field-breaker-window-size").fill("0");
    await page.locator("#field-retry-retryOn").fill("502, abc");
    await page.locator("#field-timeoutMs").fill("");
    // not touched yet: no message before submit
    expect(await page.getByTestId("error-timeoutMs").count()).toBe(0);
    await page.getByTestId("service-submit").click();
    for (const p of ["baseUrl", "timeoutMs", "breaker.window.size", "retry.retryOn"]) await page.getByTestId(`error-${p}`).waitFor();
    expect(await page.getByTestId("error-breaker-window-size").textContent()).toBeTruthy();
    expect(await page.locator("#field-name").inputValue()).toBe("Bad Name!");
    expect(await page.locator("#field-breaker-failureRateThreshold").getAttribute("aria-invalid")).toBe("true");
    // the window switches to time-based with its own field
    await page.locator("#field-breaker-window-type").selectOption("time");
    await page.locator("#field-breaker-window-seconds").waitFor();
    // per-user bulkhead toggle reveals its fields
    await page.locator("#field-perUserBulkhead-enabled").check();
    await page.locator("#field-perUserBulkhead-key").fill("cookie:x");
    await page.locator("#field-perUserBulkhead-key").blur();
    await page.getByTestId("error-perUserBulkhead.key").waitFor();
    await shot(page, "service-form-errors", true);

    // fix everything and create
    await page.locator("#field-name").fill("search");
    await page.locator("#field-baseUrl").fill(upstream.url);
    await page.locator("#field-timeoutMs").fill("5000");
    await page.locator("#field-breaker-failureRateThreshold").fill("60");
    await page.locator("#field-breaker-window-seconds").fill("30");
    await page.locator("#field-retry-retryOn").fill("502, 503");
    await page.locator("#field-retry-jitter").selectOption("equal");
    await page.locator("#field-perUserBulkhead-key").fill("header:x-user-id");
    await page.locator("#field-perUserBulkhead-maxConcurrent").fill("2");
    await page.getByTestId("service-submit").click();
    await page.waitForURL((u) => u.pathname === "/services/search", { timeout: 15_000 });
    const svc = (await admin.get("/api/v1/services/search")).json;
    expect(svc.breaker.window).toEqual({ type: "time", seconds: 30 });
    expect(svc.breaker.failureRateThreshold).toBe(60);
    expect(svc.retry).toMatchObject({ jitter: "equal", retryOn: [502, 503] });
    expect(svc.perUserBulkhead).toMatchObject({ key: "header:x-user-id", maxConcurrent: 2 });
    await page.getByTestId("breaker-summary-search").waitFor();
    await shot(page, "service-detail");
  });

  it("(d) editing the bulkhead limits applies to the gateway immediately", async () => {
    await page.goto("/services/orders/edit");
    await page.locator("#field-bulkhead-maxConcurrent").fill("0");
    await page.locator("#field-bulkhead-maxConcurrent").blur();
    await page.getByTestId("error-bulkhead.maxConcurrent").waitFor();
    await page.locator("#field-bulkhead-maxConcurrent").fill("1");
    await page.locator("#field-bulkhead-maxQueue").fill("0");
    await page.locator("#field-bulkhead-maxQueue").blur();
    expect(await page.getByTestId("error-bulkhead.maxConcurrent").count()).toBe(0);
    await shot(page, "service-form", true);
    await page.getByTestId("service-submit").click();
    await page.waitForURL((u) => u.pathname === "/services/orders", { timeout: 15_000 });
    await page.getByTestId("service-settings").getByText("1 concurrent, queue 0").waitFor();

    upstream.set("hold");
    const first = fetch(`${server.gatewayUrl}/orders/slow`);
    await expect.poll(() => upstream.held, { timeout: 10_000 }).toBe(1);
    const second = await fetch(`${server.gatewayUrl}/orders/slow`);
    expect(second.status).toBe(503);
    expect((await second.json()).error.code).toBe("bulkhead_full");
    upstream.release();
    expect((await first).status).toBe(200);
  });

  it("(e) the bulkhead chart moves under load (live points, active shown)", async () => {
    await page.goto("/bulkheads");
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 15_000 });
    const chart = page.getByTestId("bulkhead-chart-orders");
    await chart.waitFor();
    const before = Number(await chart.getAttribute("data-points"));
    upstream.set("hold");
    const held = [fetch(`${server.gatewayUrl}/orders/a`), fetch(`${server.gatewayUrl}/search/b`), fetch(`${server.gatewayUrl}/search/c`, { headers: { "x-user-id": "alice" } })];
    await page.getByTestId("bulkhead-active-orders").filter({ hasText: /^1 \/ 1$/ }).waitFor({ timeout: 10_000 });
    await expect.poll(async () => Number(await chart.getAttribute("data-points")), { timeout: 10_000 }).toBeGreaterThan(before);
    // the per-user top N of the service with a per-user bulkhead
    await page.getByTestId("per-user-search").getByText("alice").waitFor({ timeout: 10_000 });
    // rejections while full
    expect((await fetch(`${server.gatewayUrl}/orders/d`)).status).toBe(503);
    const shown = Number(await chart.getAttribute("data-points"));
    await expect.poll(async () => Number(await chart.getAttribute("data-points")), { timeout: 10_000 }).toBeGreaterThan(shown);
    await shot(page, "bulkheads", true);
    upstream.release();
    await Promise.all(held);
    await page.getByTestId("bulkhead-active-orders").filter({ hasText: /^0 \/ 1$/ }).waitFor({ timeout: 10_000 });
  });

  it("(f) every page renders (screenshots)", async () => {
    for (const [path, name] of [
      ["/", "overview-admin"],
      ["/breakers", "breakers-admin"],
      ["/breakers/orders", "breaker-detail-orders"],
      ["/services", "services-list"],
      ["/services/orders", "service-orders"],
      ["/audit?since=1h", "audit-since"],
    ] as const) {
      await page.goto(path);
      await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 15_000 });
      await page.getByRole("heading", { level: 1 }).waitFor();
      await shot(page, name);
    }
    expect(await page.locator('[data-testid="audit-row"][data-action="service.update"]').count()).toBeGreaterThan(0);
  });

  it("(e) the connection banner appears when the server stops and goes away after it comes back", async () => {
    await page.goto("/breakers");
    await page.getByTestId("breaker-row-orders").waitFor();
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 15_000 });
    const port = server.port;
    await server.stop();
    await page.getByTestId("connection-banner").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("connection-banner").textContent()).toMatch(/reconnecting/i);
    await shot(page, "breakers-reconnecting");
    server = world.server = await startServer({ databaseUrl: world.db.url, env: ENV, port, gatewayPort: server.gatewayPort });
    await page.getByTestId("connection-banner").waitFor({ state: "detached", timeout: 30_000 });
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 10_000 });
    // resynced from the new server's snapshot: a forced state made while the page was away shows up
    const fresh = new ApiClient(server.url);
    await fresh.login("admin", PASSWORDS.admin);
    expect((await fresh.post("/api/v1/breakers/orders/force", { state: "open", reason: "after restart", ttlSeconds: 60 })).status).toBe(200);
    await page.locator('[data-testid="breaker-row-orders"][data-state="forced_open"]').waitFor({ timeout: 10_000 });
  });
});
