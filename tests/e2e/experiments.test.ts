// Chaos experiments in a real browser: an operator creates one from the form (summary as typed),
// real traffic gets the injected 503s, every other page shows the banner (viewers too, without
// controls), the operator stops it from the banner of another page, and the detail page reports
// it stopped. Stop all from the banner; axe in both themes; the banner fits 390 px.
// Real server (production build), real SQLite, real upstream.
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { ApiClient } from "../helpers/api-client";
import { signedInContext } from "../helpers/browser";
import { axeProblems } from "../helpers/e2e-axe";
import { declareService, openPage, PASSWORDS, setUpUsers, shot, startFlakyUpstream, type FlakyUpstream } from "../helpers/e2e-dashboard";
import { startBrowserWorld, type BrowserWorld } from "../helpers/e2e-world";
import { waitFor } from "../helpers/upstreams";

describe("dashboard: chaos experiments", () => {
  let world: BrowserWorld<FlakyUpstream>;
  let { server, browser } = {} as BrowserWorld<FlakyUpstream>;
  let opCtx: BrowserContext;
  let viewCtx: BrowserContext;
  let op: Page;
  let viewer: Page;
  let operatorApi: ApiClient;
  let experimentId = "";

  beforeAll(async () => {
    world = await startBrowserWorld({ peer: startFlakyUpstream });
    ({ server, browser } = world);
    const admin = await setUpUsers(server.url);
    await declareService(admin, { name: "payments", baseUrl: world.peer.url, retry: { maxAttempts: 1 } });
    await declareService(admin, { name: "inventory", baseUrl: world.peer.url, retry: { maxAttempts: 1 } });
    const slo = await admin.post("/api/v1/slos", { name: "checkout", service: "payments", sli: { type: "availability" }, objective: 99, windowSeconds: 3600 });
    expect(slo.status).toBe(201);
    operatorApi = new ApiClient(server.url);
    await operatorApi.login("olga", PASSWORDS.operator);
    [opCtx, viewCtx] = await Promise.all([signedInContext(browser, server.url, "olga", PASSWORDS.operator), signedInContext(browser, server.url, "vera", PASSWORDS.viewer)]);
    op = await opCtx.newPage();
    viewer = await viewCtx.newPage();
    for (const page of [op, viewer]) page.on("pageerror", (err) => console.error(`page error: ${err.message}`));
    await Promise.all([openPage(op, "/experiments"), openPage(viewer, "/breakers")]);
  });
  afterAll(async () => {
    await world?.stop();
  });

  it("creates an experiment from the form: field messages, a summary that follows the input, then running", async () => {
    onTestFailed(() => shot(op, "experiment-create-failed"));
    await op.getByTestId("empty-state").filter({ hasText: "No experiments yet" }).waitFor();
    await op.getByTestId("new-experiment").click();
    await op.waitForURL("**/experiments/new");
    const form = op.getByTestId("experiment-form");
    const summary = form.getByTestId("experiment-summary");
    // the service's own SLOs in the picker; with the defaults it reads as the example
    await form.getByLabel("Service", { exact: true }).selectOption("payments");
    await summary.filter({ hasText: "for 5 min, 20 % of payments requests get HTTP 503" }).waitFor();
    await form.getByRole("switch", { name: "Stop when an SLO burns too fast" }).check();
    expect(await form.getByLabel("SLO", { exact: true }).inputValue()).not.toBe("");
    await summary.filter({ hasText: "for 5 min, 20 % of payments requests get HTTP 503; stops if the SLO checkout burns above 14.4×" }).waitFor();
    // a bad value gets its message under the field once the field is left, and the summary follows the fix
    await form.getByLabel("HTTP status", { exact: true }).fill("404");
    await form.getByLabel("HTTP status", { exact: true }).blur();
    expect(await form.getByTestId("experiment-error-fault.error.status").textContent()).toMatch(/at least 500/);
    await form.getByLabel("HTTP status", { exact: true }).fill("502");
    expect(await form.getByTestId("experiment-error-fault.error.status").count()).toBe(0);
    await form.getByLabel("Share of requests (%)").fill("100");
    // every request fails: the SLO burns at 100×, so a limit it cannot reach keeps the experiment running here
    await form.getByLabel("Burn rate above (×)").fill("1000");
    await summary.filter({ hasText: "100 % of payments requests get HTTP 502; stops if the SLO checkout burns above 1000×" }).waitFor();
    // submitting without a name puts the message on the name and focuses it
    await form.getByTestId("experiment-submit").click();
    expect(await form.getByTestId("experiment-error-name").textContent()).toMatch(/must not be empty/);
    expect(await op.evaluate(() => document.activeElement?.id)).toBe("experiment-field-name");
    await form.getByLabel("Name", { exact: true }).fill("e2e payments 502");
    await shot(op, "experiment-form");
    await form.getByTestId("experiment-submit").click();
    await op.waitForURL((u) => /^\/experiments\/[^/]+$/.test(u.pathname) && u.pathname !== "/experiments/new");
    experimentId = decodeURIComponent(new URL(op.url()).pathname.split("/").pop()!);
    await op.locator('[data-testid="experiment-detail"][data-status="running"]').waitFor();
    expect(await op.getByTestId("experiment-timing").textContent()).toMatch(/left/);
    // the server's summary, its SLO by name
    expect(await op.getByTestId("experiment-summary").textContent()).toBe("for 5 min, 100 % of payments requests get HTTP 502; stops if the SLO checkout burns above 1000×");
    // real traffic: every in-scope request gets the injected 502, and the figures follow live
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${server.gatewayUrl}/payments/x`)).status);
    expect(statuses).toEqual([502, 502, 502, 502, 502, 502]);
    await waitFor(async () => Number(await op.getByTestId("figure-injected-error").textContent()) >= 6, 10_000);
    expect(await axeProblems(op)).toEqual([]);
    await shot(op, "experiment-running");
  });

  it("shows the banner on every page, viewers without controls, and stops it from another page", async () => {
    // the viewer's page was open before: the banner arrives live
    const vBanner = viewer.getByTestId("experiment-banner");
    await vBanner.filter({ hasText: "e2e payments 502" }).waitFor({ timeout: 10_000 });
    expect(await vBanner.getAttribute("role")).toBe("alert");
    expect(await vBanner.getByRole("button").count()).toBe(0);
    await op.goto("/services");
    const banner = op.getByTestId("experiment-banner");
    await banner.filter({ hasText: "e2e payments 502" }).waitFor();
    expect(await banner.getByRole("button", { name: "Stop all experiments" }).count()).toBe(1);
    await banner.getByRole("button", { name: "Stop e2e payments 502", exact: true }).click();
    const dialog = op.getByTestId(`stop-experiment-${experimentId}-dialog`);
    await dialog.waitFor();
    expect(await dialog.getAttribute("aria-modal")).toBe("true");
    expect(await dialog.textContent()).toContain("Fault injection into payments ends at once");
    await dialog.getByRole("button", { name: "Stop experiment" }).click();
    await Promise.all([banner.waitFor({ state: "detached", timeout: 10_000 }), vBanner.waitFor({ state: "detached", timeout: 10_000 })]);
    expect((await fetch(`${server.gatewayUrl}/payments/x`)).status).toBe(200);
    await op.goto(`/experiments/${encodeURIComponent(experimentId)}`);
    await op.locator('[data-testid="experiment-detail"][data-status="stopped"]').waitFor();
    expect(await op.getByTestId("experiment-stop-reason").textContent()).toBe("Stopped by olga.");
    await op.locator('[data-testid="hypothesis-clause"][data-clause="breakerOpensWithinSeconds"]').waitFor();
    expect(await op.getByRole("button", { name: /^Stop experiment/ }).count()).toBe(0);
    await op.goto("/experiments");
    await op.locator('[data-testid="experiment-row"][data-name="e2e payments 502"][data-status="stopped"]').waitFor();
    await shot(op, "experiments-list");
  });

  it("stops every experiment with the big red button; the banner fits 390 px and passes axe in the light theme", async () => {
    for (const service of ["payments", "inventory"]) {
      const r = await operatorApi.post("/api/v1/experiments", { name: `slow ${service}`, service, faults: [{ type: "latency", ms: 50 }], durationSeconds: 600 });
      expect(r.status).toBe(201);
    }
    const ctx = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 800 }, colorScheme: "light" });
    await ctx.addCookies(await opCtx.cookies());
    const phone = await ctx.newPage();
    await phone.goto("/slos");
    const banner = phone.getByTestId("experiment-banner");
    await waitFor(async () => (await banner.getByTestId("banner-experiment").count()) === 2, 10_000);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeProblems(phone)).toEqual([]);
    await shot(phone, "experiment-banner-phone-light");
    await banner.getByRole("button", { name: "Stop all experiments" }).click();
    await phone.getByTestId("stop-all-experiments-dialog").getByRole("button", { name: "Stop all" }).click();
    await banner.waitFor({ state: "detached", timeout: 10_000 });
    const left = await operatorApi.get("/api/v1/experiments?status=running,scheduled");
    expect(left.json).toEqual([]);
    await ctx.close();
  });

  it("gives a viewer the list without the form", async () => {
    await viewer.goto("/experiments");
    await viewer.locator('[data-testid="experiment-row"][data-status="stopped"]').first().waitFor();
    expect(await viewer.getByTestId("new-experiment").count()).toBe(0);
    await viewer.goto("/experiments/new");
    expect(await viewer.getByTestId("experiment-form").count()).toBe(0);
  });
});
