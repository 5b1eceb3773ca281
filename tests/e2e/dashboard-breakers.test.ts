// Breakers in a real browser: live state for every open dashboard, operator actions with audit,
// overrides that expire by themselves, a breaker tripped by real traffic, and viewers without
// controls. Real server (production build), real SQLite, real upstream.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startBrowserWorld, type BrowserWorld } from "../helpers/e2e-world";
import { ApiClient } from "../helpers/api-client";
import { declareService, livePage, PASSWORDS, setUpUsers, shot, startFlakyUpstream, type FlakyUpstream } from "../helpers/e2e-dashboard";

const rowState = (page: Page, name: string) => page.locator(`[data-testid="breaker-row-${name}"]`).getAttribute("data-state");

describe("dashboard: breakers, live, with operator actions", () => {
  let world: BrowserWorld<FlakyUpstream>;
  let { server, browser, peer: upstream } = {} as BrowserWorld<FlakyUpstream>;
  let admin: ApiClient;
  let op: Page;
  let viewer: Page;

  beforeAll(async () => {
    world = await startBrowserWorld({ peer: startFlakyUpstream });
    ({ server, browser, peer: upstream } = world);
    admin = await setUpUsers(server.url);
    const fast = { retry: { maxAttempts: 1 } };
    await declareService(admin, { name: "payments", baseUrl: upstream.url, ...fast });
    await declareService(admin, { name: "inventory", baseUrl: upstream.url, ...fast });
    await declareService(admin, {
      name: "flaky",
      baseUrl: upstream.url,
      breaker: { minimumCalls: 5, window: { type: "count", size: 10 }, failureRateThreshold: 50, waitInOpenMs: 120_000, maxWaitInOpenMs: 120_000 },
      ...fast,
    });
    op = await livePage(browser, server.url, "olga", PASSWORDS.operator, "/breakers");
    viewer = await livePage(browser, server.url, "vera", PASSWORDS.viewer, "/breakers");
  });
  afterAll(async () => {
    await world?.stop();
  });

  it("shows every breaker with a state badge (text, icon, colour)", async () => {
    for (const page of [op, viewer]) {
      for (const name of ["payments", "inventory", "flaky"]) {
        await page.getByTestId(`breaker-row-${name}`).waitFor();
        expect(await rowState(page, name)).toBe("closed");
      }
      const badge = page.getByTestId("breaker-row-payments").getByTestId("state-badge");
      expect(await badge.getAttribute("data-state")).toBe("closed");
      expect((await badge.textContent())?.trim()).toBe("Closed");
      expect(await badge.locator("svg").count()).toBe(1);
    }
    await shot(op, "breakers-closed");
  });

  it("(c) gives a viewer no controls, and the API refuses the viewer's force with 403", async () => {
    await viewer.getByTestId("breaker-row-payments").waitFor();
    for (const name of ["Force open", "Force closed", "Lift override", "Reset"]) {
      expect(await viewer.getByRole("button", { name, exact: true }).count()).toBe(0);
    }
    expect(await op.getByTestId("breaker-row-payments").getByRole("button", { name: "Force open", exact: true }).count()).toBe(1);
    // the viewer's own session, from the page (same origin, cookie)
    const status = await viewer.evaluate(async () => {
      const r = await fetch("/api/v1/breakers/payments/force", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ state: "open", reason: "viewer tries" }) });
      return r.status;
    });
    expect(status).toBe(403);
    const api = new ApiClient(server.url);
    await api.login("vera", PASSWORDS.viewer);
    expect((await api.post("/api/v1/breakers/payments/force", { state: "open", reason: "viewer tries" })).status).toBe(403);
    await viewer.goto("/breakers/payments");
    await viewer.getByTestId("state-badge").first().waitFor();
    expect(await viewer.getByRole("button", { name: "Force open", exact: true }).count()).toBe(0);
    expect(await viewer.getByRole("button", { name: "Reset", exact: true }).count()).toBe(0);
    await viewer.goto("/breakers");
    await viewer.getByTestId("breaker-row-payments").waitFor();
    await viewer.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 15_000 });
  });

  it("(a) an operator forces a breaker open; both dashboards show it live; the gateway rejects; the audit lists it", async () => {
    const row = op.getByTestId("breaker-row-payments");
    await row.getByRole("button", { name: "Force open", exact: true }).click();
    const dialog = op.getByTestId("force-dialog");
    await dialog.waitFor();
    expect(await dialog.getAttribute("aria-modal")).toBe("true");
    expect(await dialog.textContent()).toContain("All requests to payments will be rejected with 503");
    // the reason is required
    await dialog.getByRole("button", { name: "Force open", exact: true }).click();
    await dialog.getByText("must be 3 to 500 characters").waitFor();
    await dialog.getByLabel("Reason").fill("e2e: upstream maintenance");
    for (const d of ["5 min", "15 min", "1 h", "Custom"]) expect(await dialog.getByRole("button", { name: d, exact: true }).count()).toBe(1);
    await dialog.getByRole("button", { name: "Custom", exact: true }).click();
    await dialog.getByLabel("Custom duration").fill("1");
    await dialog.getByLabel("Unit").selectOption("min");
    expect(await dialog.textContent()).toMatch(/rejected with 503 until \d/);
    await shot(op, "force-dialog");
    const t0 = Date.now();
    await dialog.getByRole("button", { name: "Force open", exact: true }).click();
    await Promise.all([
      op.locator('[data-testid="breaker-row-payments"][data-state="forced_open"]').waitFor({ timeout: 10_000 }),
      viewer.locator('[data-testid="breaker-row-payments"][data-state="forced_open"]').waitFor({ timeout: 10_000 }),
    ]);
    const latency = Date.now() - t0;
    console.log(`forced_open visible on both dashboards after ${latency} ms`);
    const vBadge = viewer.getByTestId("breaker-row-payments").getByTestId("state-badge");
    expect((await vBadge.textContent())?.trim()).toBe("Forced open");
    expect(await viewer.getByTestId("breaker-row-payments").getByTestId("state-note").textContent()).toMatch(/by olga · until/);
    // toast with the inverse action
    await op.getByTestId("toast").filter({ hasText: "Forced open" }).getByRole("button", { name: "Lift override" }).waitFor();
    // nav badge counts it
    await viewer.getByTestId("nav-open-breakers").filter({ hasText: "1" }).waitFor({ timeout: 10_000 });
    await shot(viewer, "breakers-forced-viewer");

    const gw = await fetch(`${server.gatewayUrl}/payments/x`);
    expect(gw.status).toBe(503);
    expect((await gw.json()).error.code).toBe("circuit_open");

    const audit = await op.context().newPage();
    await audit.goto("/audit?action=breaker.");
    const entry = audit.locator('[data-testid="audit-row"][data-action="breaker.force"]').first();
    await entry.waitFor({ timeout: 10_000 });
    expect(await entry.textContent()).toContain("e2e: upstream maintenance");
    expect(await entry.textContent()).toContain("olga");
    // the time filter keeps it (last 15 minutes)
    await audit.goto("/audit?action=breaker.force&since=15m");
    await audit.locator('[data-testid="audit-row"][data-action="breaker.force"]').first().waitFor({ timeout: 10_000 });
    await shot(audit, "audit-breaker-force");
    await audit.close();

    // lift it again from the row, after a confirmation: by default to half-open, where trial
    // calls decide; keyboard focus returns to the page
    await op.getByTestId("breaker-row-payments").getByRole("button", { name: "Lift override", exact: true }).click();
    const lift = op.getByTestId("lift-dialog");
    await lift.waitFor();
    expect(await lift.textContent()).toContain("half-open");
    await lift.getByTestId("lift-half-open").click();
    await Promise.all([
      op.locator('[data-testid="breaker-row-payments"][data-state="half_open"]').waitFor({ timeout: 10_000 }),
      viewer.locator('[data-testid="breaker-row-payments"][data-state="half_open"]').waitFor({ timeout: 10_000 }),
    ]);
    // the trial calls succeed: the breaker closes on both dashboards
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.gatewayUrl}/payments/x`)).status).toBe(200);
    await Promise.all([
      op.locator('[data-testid="breaker-row-payments"][data-state="closed"]').waitFor({ timeout: 10_000 }),
      viewer.locator('[data-testid="breaker-row-payments"][data-state="closed"]').waitFor({ timeout: 10_000 }),
    ]);
  });

  it("(a) an override with a short custom duration lifts itself and both dashboards show closed", async () => {
    const row = op.getByTestId("breaker-row-inventory");
    await row.getByRole("button", { name: "Force open", exact: true }).click();
    const dialog = op.getByTestId("force-dialog");
    await dialog.getByLabel("Reason").fill("e2e: short expiry");
    await dialog.getByRole("button", { name: "Custom", exact: true }).click();
    await dialog.getByLabel("Custom duration").fill("4");
    await dialog.getByLabel("Unit").selectOption("s");
    await dialog.getByRole("button", { name: "Force open", exact: true }).click();
    await Promise.all([
      op.locator('[data-testid="breaker-row-inventory"][data-state="forced_open"]').waitFor({ timeout: 10_000 }),
      viewer.locator('[data-testid="breaker-row-inventory"][data-state="forced_open"]').waitFor({ timeout: 10_000 }),
    ]);
    await Promise.all([
      op.locator('[data-testid="breaker-row-inventory"][data-state="closed"]').waitFor({ timeout: 20_000 }),
      viewer.locator('[data-testid="breaker-row-inventory"][data-state="closed"]').waitFor({ timeout: 20_000 }),
    ]);
    expect((await fetch(`${server.gatewayUrl}/inventory/x`)).status).toBe(200);
  });

  it("(a) Force closed and Reset work from the detail page", async () => {
    await op.goto("/breakers/inventory");
    await op.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 15_000 });
    await op.getByRole("button", { name: "Force closed", exact: true }).click();
    const dialog = op.getByTestId("force-dialog");
    expect(await dialog.textContent()).toContain("will be let through");
    await dialog.getByLabel("Reason").fill("e2e: keep it closed");
    await dialog.getByRole("button", { name: "15 min", exact: true }).click();
    await dialog.getByRole("button", { name: "Force closed", exact: true }).click();
    await op.locator('[data-testid="state-badge"][data-state="forced_closed"]').first().waitFor({ timeout: 10_000 });
    await viewer.locator('[data-testid="breaker-row-inventory"][data-state="forced_closed"]').waitFor({ timeout: 10_000 });
    await op.getByRole("main").getByRole("button", { name: "Reset", exact: true }).click();
    await op.getByTestId("reset-dialog").getByRole("button", { name: "Reset", exact: true }).click();
    await viewer.locator('[data-testid="breaker-row-inventory"][data-state="closed"]').waitFor({ timeout: 10_000 });
    await op.goto("/breakers");
    await op.getByTestId("breaker-row-flaky").waitFor();
    await op.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 15_000 });
  });

  it("(b) traffic against a failing upstream trips the breaker, live on the page", async () => {
    upstream.set("fail");
    for (let i = 0; i < 8; i++) await fetch(`${server.gatewayUrl}/flaky/x`).then((r) => r.arrayBuffer());
    await Promise.all([
      op.locator('[data-testid="breaker-row-flaky"][data-state="open"]').waitFor({ timeout: 10_000 }),
      viewer.locator('[data-testid="breaker-row-flaky"][data-state="open"]').waitFor({ timeout: 10_000 }),
    ]);
    const row = viewer.getByTestId("breaker-row-flaky");
    expect((await row.getByTestId("state-badge").textContent())?.trim()).toBe("Open");
    expect(await row.getByTestId("state-note").textContent()).toMatch(/retry in \d/);
    // rejected while open
    const r = await fetch(`${server.gatewayUrl}/flaky/x`);
    expect(r.status).toBe(503);
    upstream.set("ok");
    // the state filter chips
    await viewer.getByTestId("chip-open").click();
    await expect.poll(async () => viewer.locator('[data-testid^="breaker-row-"]').count()).toBe(1);
    await shot(viewer, "breakers-filtered-open");
    await viewer.getByTestId("chip-open").click();
    await viewer.getByLabel("Filter by name").fill("pay");
    await expect.poll(async () => viewer.locator('[data-testid^="breaker-row-"]').count()).toBe(1);
    await viewer.getByLabel("Filter by name").fill("");
    await shot(op, "breakers", true);

    // the detail page: timeline and charts from persisted samples (written every 10 s): wait until
    // the API serves one with the failed calls above
    await expect
      .poll(async () => ((await admin.get("/api/v1/breakers/flaky/samples?range=15m")).json as any[]).some((p) => p.failed > 0), { timeout: 30_000, interval: 250 })
      .toBe(true);
    await op.goto("/breakers/flaky");
    await op.getByTestId("transitions").locator('[data-to="open"]').first().waitFor();
    await op.getByTestId("chart-calls").locator(".recharts-bar-rectangle").first().waitFor({ timeout: 15_000 });
    await op.getByRole("button", { name: "1 h", exact: true }).click();
    await op.getByTestId("chart-failure-rate").locator(".recharts-reference-line").first().waitFor({ state: "attached", timeout: 10_000 });
    await op.getByRole("button", { name: "15 min", exact: true }).click();
    await op.getByTestId("chart-calls").locator(".recharts-bar-rectangle").first().waitFor({ timeout: 15_000 });
    await shot(op, "breaker-detail", true);

    // overview: breakers by state, traffic chart, transitions
    await op.goto("/");
    await op.locator('[data-testid="overview-breaker-flaky"][data-state="open"]').waitFor();
    await op.getByTestId("recent-transitions").locator('[data-to="open"]').first().waitFor();
    await op.getByTestId("traffic-chart").locator(".recharts-area").first().waitFor({ timeout: 15_000 });
    await shot(op, "overview", true);
  });
});
