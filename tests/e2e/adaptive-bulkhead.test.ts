// An adaptive bulkhead in a real browser: a service whose bulkhead uses `aimd` in front of an
// upstream with a hard capacity (4 calls at once, 40 ms each, the rest queued so latency grows
// with load). Under load the limit falls from its initial value and the chart's limit line moves
// (read from the figure's data-limit-* attributes and the header's figures, not from pixels); an
// operator pins the limit from the dialog, both dashboards show the override with who, why and
// until when, and the operator unpins it. The viewer sees it read-only, at 390 px in the light
// theme, without serious axe violations. In cluster mode (two instances, Redis, PostgreSQL) the page
// lists each instance's own limit, and only the instance that carries the load lowers its own.
// Real servers (production build), real databases, real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startCapacityUpstream, type CapacityUpstream } from "@/bench/lib/capacity-upstream";
import { launchBrowser } from "../helpers/browser";
import { startBrowserWorld, type BrowserWorld } from "../helpers/e2e-world";
import { axeProblems } from "../helpers/e2e-axe";
import { declareService, livePage, operatorAndViewer, PASSWORDS, setUpUsers, shot } from "../helpers/e2e-dashboard";
import { startCluster, type ClusterUnderTest, type Instance } from "../helpers/cluster";
import { ADMIN_PW, waitFor } from "../helpers/upstreams";

const SERVICE = "orders";
const INITIAL_LIMIT = 20;
const ADAPTIVE = { algorithm: "aimd", minLimit: 2, maxLimit: 40, initialLimit: INITIAL_LIMIT, sampleWindowMs: 200, minSamples: 3, latencyThresholdMs: 80, backoffRatio: 0.5 };

/** Closed-loop callers against the gateway until stopped (each waits for its answer). */
function load(url: string, callers: number) {
  let running = true;
  const statuses = new Map<number, number>();
  const loop = async () => {
    while (running) {
      const res = await fetch(url).catch(() => null);
      if (!res) continue;
      await res.arrayBuffer().catch(() => undefined);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  };
  const done = Promise.all(Array.from({ length: callers }, loop));
  return {
    statuses,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** The limit in force on the page's instance, from the panel's header. */
const limitOn = async (page: Page) => Number(await page.getByTestId(`bulkhead-limit-${SERVICE}`).textContent());

describe("dashboard: an adaptive bulkhead's limit, live, pinned and unpinned", () => {
  let world: BrowserWorld<CapacityUpstream>;
  let { server, browser } = {} as BrowserWorld<CapacityUpstream>;
  let opCtx: BrowserContext;
  let op: Page;
  let viewer: Page;

  beforeAll(async () => {
    world = await startBrowserWorld({ peer: () => startCapacityUpstream({ capacity: 4, serviceMs: 40 }) });
    ({ server, browser } = world);
    const admin = await setUpUsers(server.url);
    await declareService(admin, {
      name: SERVICE,
      baseUrl: world.peer.url,
      retry: { maxAttempts: 1 },
      breaker: { minimumCalls: 10_000, window: { type: "count", size: 10_000 } },
      bulkhead: { maxConcurrent: 100, maxQueue: 100, queueTimeoutMs: 5_000, adaptive: ADAPTIVE },
    });
    ({ opCtx, op, viewer } = await operatorAndViewer(browser, server.url, "/bulkheads", { viewport: { width: 390, height: 844 }, colorScheme: "light" }));
  });
  afterAll(async () => {
    await world?.stop();
  });

  it("shows the adaptive limit: algorithm, bounds, the limit line at the initial limit", async () => {
    const panel = op.getByTestId(`adaptive-${SERVICE}`);
    await panel.waitFor();
    expect(await panel.getAttribute("data-algorithm")).toBe("aimd");
    expect(await op.getByTestId(`adaptive-algorithm-${SERVICE}`).textContent()).toBe("aimd");
    expect(await limitOn(op)).toBe(INITIAL_LIMIT);
    expect(await op.getByTestId(`bulkhead-chart-${SERVICE}`).getAttribute("data-limit")).toBe(String(INITIAL_LIMIT));
    expect(await op.getByTestId(`bulkhead-${SERVICE}`).textContent()).toContain("Adaptive limit (aimd, 2–40)");
  });

  it("moves the limit line live when the upstream's latency grows under load", async () => {
    const chart = op.getByTestId(`bulkhead-chart-${SERVICE}`);
    const traffic = load(`${server.gatewayUrl}/${SERVICE}/work`, 16);
    try {
      // 16 callers against a capacity of 4 queue at the upstream: windows slower than 80 ms halve the limit
      await waitFor(async () => (await limitOn(op)) < INITIAL_LIMIT, 20_000, "the limit shown to fall");
      await waitFor(async () => Number(await chart.getAttribute("data-limit-min")) < Number(await chart.getAttribute("data-limit-max")), 10_000, "the limit line to move");
      expect(Number(await chart.getAttribute("data-limit"))).toBeLessThan(INITIAL_LIMIT);
    } finally {
      await traffic.stop();
    }
    // without traffic aimd holds its limit: the viewer's page shows it too, and the RTTs are measured
    await waitFor(async () => (await limitOn(viewer)) < INITIAL_LIMIT, 15_000, "the viewer's limit to fall");
    expect(await op.getByTestId(`adaptive-rtt-${SERVICE}`).textContent()).toMatch(/^\d[\d.]* ms \/ \d[\d.]* ms$/);
    expect(await op.getByTestId(`adaptive-change-${SERVICE}`).textContent()).toMatch(/back-off: latency|increase/);
    expect(traffic.statuses.get(200) ?? 0).toBeGreaterThan(0);
  });

  it("pins the limit from the dialog (checked fields), shows the override on both dashboards, and unpins it", async () => {
    const actions = op.getByTestId(`pin-actions-${SERVICE}`);
    await actions.getByRole("button", { name: "Pin limit" }).click();
    const dialog = op.getByTestId("pin-dialog");
    await dialog.waitFor();
    expect(await dialog.getAttribute("aria-modal")).toBe("true");
    // a pin always ends: no "Until lifted"; the limit is bounded by the service's max limit; a reason is required
    expect(await dialog.getByRole("button", { name: "Until lifted" }).count()).toBe(0);
    await dialog.getByLabel("Limit").fill("41");
    await dialog.getByRole("button", { name: "Pin limit" }).click();
    await dialog.getByText("must be at most 40 (the max limit)").waitFor();
    await dialog.getByText("is required").waitFor();
    await dialog.getByLabel("Limit").fill("3");
    await dialog.getByLabel("Reason").fill("e2e: hold during the deploy");
    await dialog.getByRole("button", { name: "5 min", exact: true }).click();
    expect(await dialog.textContent()).toMatch(/At most 3 calls run at once until \d/);
    expect(await axeProblems(op)).toEqual([]);
    await dialog.getByRole("button", { name: "Pin limit" }).click();
    await dialog.waitFor({ state: "detached" });

    for (const page of [op, viewer]) {
      await page.locator(`[data-testid="adaptive-${SERVICE}"][data-pinned="true"]`).waitFor({ timeout: 10_000 });
      const badge = page.getByTestId(`adaptive-${SERVICE}`).getByTestId("pin-badge");
      expect(await badge.textContent()).toContain("Pinned at 3");
      expect(await badge.getByTestId("pin-note").textContent()).toMatch(/^by olga · until .+ \([45] min( \d+ s)? left\)$/);
      expect(await badge.getByTestId("pin-reason").textContent()).toContain("e2e: hold during the deploy");
      await waitFor(async () => (await limitOn(page)) === 3, 10_000, "the pinned limit shown");
    }
    // the viewer sees the override read-only, at 390 px in the light theme
    expect(await viewer.getByRole("button", { name: /Pin limit|Change pin|Unpin/ }).count()).toBe(0);
    const { scroll, inner } = await viewer.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(inner);
    expect(await axeProblems(viewer)).toEqual([]);
    await shot(viewer, "adaptive-pinned-viewer-390-light");

    await op.getByTestId(`pin-actions-${SERVICE}`).getByRole("button", { name: "Unpin" }).click();
    for (const page of [op, viewer]) {
      await page.locator(`[data-testid="adaptive-${SERVICE}"][data-pinned="false"]`).waitFor({ timeout: 10_000 });
      expect(await page.getByTestId("pin-badge").count()).toBe(0);
    }
    expect(await op.getByTestId(`pin-actions-${SERVICE}`).getByRole("button", { name: "Pin limit" }).count()).toBe(1);
    // the audit trail names both
    const audit = await opCtx.newPage();
    await audit.goto("/audit?action=bulkhead.");
    await audit.locator('[data-testid="audit-row"][data-action="bulkhead.pin"]').first().waitFor({ timeout: 10_000 });
    await audit.locator('[data-testid="audit-row"][data-action="bulkhead.unpin"]').first().waitFor({ timeout: 10_000 });
    await audit.close();
  });

  it("keeps the form's adaptive section in step with the service (YAML/API shape unchanged)", async () => {
    const page = await livePage(browser, server.url, "admin", PASSWORDS.admin, `/services/${SERVICE}/edit`);
    const section = page.getByTestId("adaptive-section");
    await section.waitFor();
    expect(await section.getByLabel("Algorithm").inputValue()).toBe("aimd");
    expect(await section.getByLabel("Min limit").inputValue()).toBe("2");
    expect(await section.getByLabel("Latency threshold (ms)").inputValue()).toBe("80");
    // switching to gradient2 shows its own options with the schema's defaults
    await section.getByLabel("Algorithm").selectOption("gradient2");
    expect(await section.getByLabel("Tolerance").inputValue()).toBe("1.25");
    expect(await section.getByLabel("Latency threshold (ms)").count()).toBe(0);
    await section.getByLabel("Max limit").fill("1");
    await section.getByLabel("Max limit").blur();
    await page.getByTestId("error-bulkhead.adaptive.maxLimit").waitFor();
    await page.context().close();
  });
});

describe("dashboard: each cluster instance's own adaptive limit", () => {
  let cluster: ClusterUnderTest;
  let upstream: CapacityUpstream;
  let browser: Browser;

  beforeAll(async () => {
    upstream = await startCapacityUpstream({ capacity: 4, serviceMs: 40 });
    // Chromium starts while the cluster boots (afterAll closes whichever started)
    const started = await Promise.allSettled([startCluster({ label: "adaptive-ui" }).then((c) => (cluster = c)), launchBrowser().then((b) => (browser = b))]);
    for (const r of started) if (r.status === "rejected") throw r.reason;
    await cluster.createService({ name: SERVICE, baseUrl: upstream.url, retry: { maxAttempts: 1 }, bulkhead: { maxConcurrent: 100, maxQueue: 100, queueTimeoutMs: 5_000, adaptive: ADAPTIVE } });
  });
  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
    await upstream?.close();
  });

  it("lists every instance's limit; only the instance under load lowers its own", async () => {
    const [a, b] = cluster.nodes as [Instance, Instance];
    const page = await livePage(browser, a.url, "admin", ADMIN_PW, "/bulkheads");
    const item = (node: Instance) => page.locator(`[data-testid="instance-limit"][data-instance="${node.id}"]`);
    await item(a).waitFor({ timeout: 15_000 });
    await item(b).waitFor({ timeout: 15_000 });
    expect(await item(a).textContent()).toContain("(this one)");
    expect(await item(b).textContent()).not.toContain("(this one)");
    // traffic through b's gateway only: b's limit falls, a's stays where it started
    const traffic = load(`${b.server.gatewayUrl}/${SERVICE}/work`, 16);
    try {
      await waitFor(async () => Number(await item(b).getAttribute("data-limit")) < INITIAL_LIMIT, 20_000, "b's limit to fall on a's page");
    } finally {
      await traffic.stop();
    }
    expect(Number(await item(a).getAttribute("data-limit"))).toBe(INITIAL_LIMIT);
    expect(await limitOn(page)).toBe(INITIAL_LIMIT);
  });
});
