// Alert triage: firing alerts ordered by severity then age (a newer critical above an older
// warning), labels by name with links to what they name, the tab in the URL, and an alert's
// timeline with where it was (not) notified. Real traffic through the real gateway.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { declareService } from "../helpers/e2e-dashboard";
import { startTraffic } from "../helpers/e2e-slos-alerts";
import { adminPage, openPage, useUxWorld } from "../helpers/e2e-ux";

type Alert = { id: string; severity: string; status: string; labels: Record<string, string> };

const firingRows = (page: Page) => page.locator('[data-testid="alerts-panel"] [data-testid^="alert-row-"]').evaluateAll((rows) => rows.map((r) => `${r.getAttribute("data-severity")}:${r.getAttribute("data-alertname")}`));

describe("alert triage", () => {
  const world = useUxWorld();
  beforeAll(async () => {
    const fast = { retry: { maxAttempts: 1 } };
    // only its bulkhead speaks: the held call is not timed out while the test runs (10 min), and its breaker never trips
    await declareService(world.admin, {
      name: "tight",
      baseUrl: world.upstream.url,
      timeoutMs: 600_000,
      bulkhead: { maxConcurrent: 1, maxQueue: 0 },
      breaker: { minimumCalls: 10_000, window: { type: "count", size: 10_000 }, consecutiveFailures: 0 },
      ...fast,
    });
    await declareService(world.admin, { name: "flaky", baseUrl: world.upstream.url, breaker: { minimumCalls: 5, window: { type: "count", size: 10 }, failureRateThreshold: 50, waitInOpenMs: 120_000, maxWaitInOpenMs: 120_000 }, ...fast });
  });
  afterAll(() => {
    world.upstream?.release();
  });

  const firing = async (): Promise<Alert[]> => ((await world.admin.get("/api/v1/alerts?status=firing")).json as Alert[]) ?? [];

  it("orders firing alerts by severity, then age, and names what they are about", async () => {
    // an older warning: the bulkhead of "tight" refuses requests while one is held
    world.upstream.set("hold");
    const held = fetch(`${world.server.gatewayUrl}/tight/slow`).catch(() => undefined);
    await expect.poll(() => world.upstream.held, { timeout: 10_000 }).toBe(1);
    const refused = await Promise.all([1, 2, 3].map(() => fetch(`${world.server.gatewayUrl}/tight/x`).then((r) => r.status)));
    expect(refused.every((s) => s >= 500)).toBe(true);
    // the warning resolves after a 10-s sample without refusals: keep refusing until the page is read
    const refusals = startTraffic(`${world.server.gatewayUrl}/tight/x`, 1, 250);
    let opened: { ctx: BrowserContext; page: Page };
    try {
      await expect.poll(async () => (await firing()).some((a) => a.severity === "warning"), { timeout: 30_000, interval: 250 }).toBe(true);
      // a newer critical: the breaker of "flaky" opens on real failures (the held call stays held)
      world.upstream.set("fail");
      for (let i = 0; i < 6; i++) await fetch(`${world.server.gatewayUrl}/flaky/x`).catch(() => undefined);
      await expect.poll(async () => (await firing()).some((a) => a.severity === "critical" && a.labels.breaker === "flaky"), { timeout: 15_000, interval: 200 }).toBe(true);
      opened = await adminPage(world, "/alerts");
      await expect.poll(() => firingRows(opened.page), { timeout: 10_000 }).toEqual(["critical:BreakerOpen", "warning:BulkheadRejecting"]);
    } finally {
      await refusals.stop();
      world.upstream.release();
      await held;
    }
    const { ctx, page } = opened;
    const critical = page.locator('[data-testid^="alert-row-"][data-severity="critical"]');
    expect(await critical.locator('[data-label="breaker"]').textContent()).toBe("breaker flaky");
    await critical.getByTestId("alert-subject").click();
    await page.waitForURL((u) => u.pathname === "/breakers/flaky");
    await ctx.close();
  });

  it("opens the tab named in the URL and shows an alert's timeline and notifiers", async () => {
    const { ctx, page } = await adminPage(world, "/alerts?tab=resolved");
    expect(await page.locator("#alerts-tab-resolved").getAttribute("aria-selected")).toBe("true");
    await page.locator("#alerts-tab-acknowledged").click();
    await page.waitForURL((u) => u.searchParams.get("tab") === "acknowledged");

    const alert = (await firing()).find((a) => a.severity === "critical")!;
    await world.admin.post(`/api/v1/alerts/${alert.id}/ack`, { comment: "looking at flaky" });
    await openPage(page, `/alerts/${encodeURIComponent(alert.id)}`);
    const timeline = page.getByTestId("alert-timeline");
    await timeline.locator('[data-kind="acknowledged"]').waitFor();
    expect(await timeline.locator("li").first().getAttribute("data-kind")).toBe("fired");
    expect(await timeline.textContent()).toContain("looking at flaky");
    expect(await page.getByTestId("alert-notifiers").textContent()).toContain("no notifier");
    // times in the browser's zone, UTC on hover
    expect(await timeline.locator("time").first().getAttribute("title")).toMatch(/UTC$/);
    await ctx.close();
  });
});
