// The Health page in a real browser: an HTTP health check added through the form as admin (a field
// error first, then a server 400 on the target, then saved), turning Healthy live; its peer stopped
// → Unhealthy, the service's breaker Open and a HealthCheckDown alert firing (toast + /alerts);
// the peer started again on the same port → Healthy, the breaker half-open then closed after trial
// calls, the alert resolved. Viewers see the checks without controls; delete asks first.
// Real server (production build), fresh SQLite, a real node:http peer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startBrowserWorld, type BrowserWorld } from "../helpers/e2e-world";
import type { ApiClient } from "../helpers/api-client";
import { declareService, livePage, PASSWORDS, setUpUsers, shot, sleep } from "../helpers/e2e-dashboard";
import { startStoppablePeer, type StoppablePeer } from "../helpers/e2e-health";
import { uptimeOf, uptimeText } from "@/lib/client/health-uptime";

const SVC = "inventory";

describe("dashboard: health checks, live, with breaker and alert", () => {
  let world: BrowserWorld<StoppablePeer>;
  let { server, browser, peer } = {} as BrowserWorld<StoppablePeer>;
  let admin: ApiClient;
  let adm: Page;
  let viewer: Page;
  let checkId = "";
  let alertId = "";

  const breakerState = async () => ((await admin.get(`/api/v1/breakers/${SVC}`)).json as { state: string }).state;
  const healthAlert = async (status: string) => ((await admin.get(`/api/v1/alerts?status=${status}&limit=100`)).json as any[]).find((a) => a.labels?.alertname === "HealthCheckDown" && a.labels?.check === checkId);
  async function until<T>(fn: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(250);
    }
  }
  const status = (page: Page, s: string) => page.locator(`[data-testid="health-status"][data-status="${s}"]`).first();
  const row = (page: Page, s?: string) => page.locator(`[data-testid="health-row-${checkId}"]${s ? `[data-status="${s}"]` : ""}`);

  beforeAll(async () => {
    world = await startBrowserWorld({ peer: startStoppablePeer });
    ({ server, browser, peer } = world);
    admin = await setUpUsers(server.url);
    // passive counting never trips it: only the health check opens this breaker
    await declareService(admin, {
      name: SVC,
      baseUrl: peer.url,
      retry: { maxAttempts: 1 },
      breaker: { minimumCalls: 10_000, window: { type: "count", size: 10_000 }, consecutiveFailures: 0, halfOpenMaxCalls: 2, successThreshold: 2 },
    });
    [adm, viewer] = await Promise.all([livePage(browser, server.url, "admin", PASSWORDS.admin, "/health"), livePage(browser, server.url, "vera", PASSWORDS.viewer, "/health")]);
  });
  afterAll(async () => {
    await world?.stop();
  });

  it("shows the empty state, with the add button for admins only", async () => {
    const empty = adm.getByTestId("empty-state");
    await empty.waitFor();
    expect(await empty.textContent()).toContain("No health checks yet — add one to learn about a dead upstream before your users do");
    expect(await adm.getByTestId("new-health-check").count()).toBe(1);
    await viewer.getByTestId("empty-state").waitFor();
    expect(await viewer.getByTestId("new-health-check").count()).toBe(0);
    await shot(adm, "health-empty");
  });

  it("adds an HTTP check through the form: field errors first, then saved and Healthy live", async () => {
    await adm.getByTestId("new-health-check").click();
    await adm.waitForURL((u) => u.pathname === "/health/new");
    const form = adm.getByTestId("health-form");
    await form.waitFor();
    await adm.locator("#health-field-service").selectOption(SVC);
    await adm.locator("#health-field-protocol").selectOption("http");
    // the protocol's own fields are there; gRPC's are not
    await adm.locator("#health-field-options-expectStatus").waitFor();
    expect(await adm.locator("#health-field-options-serviceName").count()).toBe(0);
    expect(await adm.locator("#health-field-target").getAttribute("placeholder")).toBe("http://host:port/path");

    // a target without http:// (the server's checker refuses it) and a timeout as long as the interval
    await adm.locator("#health-field-target").fill(`127.0.0.1:${peer.port}/healthz`);
    await adm.locator("#health-field-intervalMs").fill("1000");
    await adm.locator("#health-field-timeoutMs").fill("1000");
    await adm.locator("#health-field-timeoutMs").blur();
    const timeoutErr = adm.getByTestId("health-error-timeoutMs");
    await timeoutErr.waitFor();
    expect(await timeoutErr.textContent()).toContain("must be shorter than intervalMs");
    expect(await adm.locator("#health-field-timeoutMs").getAttribute("aria-invalid")).toBe("true");
    // a bad status spec, checked with the protocol's option schema on blur
    await adm.locator("#health-field-options-expectStatus").fill("2xx");
    await adm.locator("#health-field-options-expectStatus").blur();
    await adm.getByTestId("health-error-options.expectStatus").waitFor();
    await adm.getByTestId("health-submit").click();
    // the refused submit moves the focus to the first field in error (nothing is sent)
    await adm.waitForFunction(() => document.activeElement?.id === "health-field-timeoutMs");
    expect(new URL(adm.url()).pathname).toBe("/health/new");
    expect(await adm.locator("#health-field-timeoutMs").inputValue()).toBe("1000");
    expect(await adm.locator("#health-field-options-expectStatus").inputValue()).toBe("2xx");
    await shot(adm, "health-form-errors", true);

    // fixed on the client: the server still refuses the target, and says so under the field
    await adm.locator("#health-field-timeoutMs").fill("500");
    await adm.locator("#health-field-options-expectStatus").fill("200-299");
    await adm.locator("#health-field-options-expectStatus").blur();
    await adm.getByTestId("health-error-timeoutMs").waitFor({ state: "detached" });
    await adm.getByTestId("health-error-options.expectStatus").waitFor({ state: "detached" });
    await adm.locator("#health-field-healthyThreshold").fill("1");
    await adm.locator("#health-field-unhealthyThreshold").fill("2");
    await adm.locator("#health-field-options-expectBody").fill("ok");
    await adm.getByTestId("health-submit").click();
    const targetErr = adm.getByTestId("health-error-target");
    await targetErr.waitFor({ timeout: 10_000 });
    expect((await targetErr.textContent())?.length).toBeGreaterThan(3);
    expect(await adm.locator("#health-field-target").inputValue()).toBe(`127.0.0.1:${peer.port}/healthz`);
    expect((await admin.get("/api/v1/health-checks")).json).toEqual([]);

    await adm.locator("#health-field-target").fill(`${peer.url}/healthz`);
    await adm.getByTestId("health-submit").click();
    await adm.waitForURL((u) => /^\/health\/[^/]+$/.test(u.pathname) && u.pathname !== "/health/new", { timeout: 20_000 });
    checkId = decodeURIComponent(new URL(adm.url()).pathname.split("/").pop()!);
    const saved = (await admin.get(`/api/v1/health-checks/${checkId}`)).json as any;
    expect(saved).toMatchObject({ service: SVC, protocol: "http", target: `${peer.url}/healthz`, intervalMs: 1000, timeoutMs: 500, healthyThreshold: 1, unhealthyThreshold: 2 });
    expect(saved.options).toMatchObject({ method: "GET", expectStatus: "200-299", expectBody: "ok", followRedirects: false, insecureSkipVerify: false });

    // Healthy, live, on the detail page, with the latency chart filling up
    await status(adm, "healthy").waitFor({ timeout: 20_000 });
    const chart = adm.getByTestId(`health-chart-${checkId}`);
    await chart.waitFor();
    await until(async () => Number(await chart.getAttribute("data-points")) >= 3, "3 latency points");
    // the uptime shown is the recorded rounds' (100 % unless a starved machine timed a round out)
    const uptime = await until(async () => {
      const { minutes } = (await admin.get(`/api/v1/health-checks/${checkId}/results`)).json as { minutes: { up: number; down: number }[] };
      const { pct } = uptimeOf(minutes);
      const shown = await adm.getByTestId("health-uptime").textContent();
      return pct !== null && shown === uptimeText(pct) ? shown : undefined;
    }, "the uptime of the recorded rounds");
    expect(uptime).toMatch(/^\d+(\.\d)? %$/);
    await shot(adm, "health-detail-healthy", true);

    // in the list, grouped under its service, for the viewer too (without controls)
    await adm.goto("/health");
    await row(adm, "healthy").waitFor();
    expect(await row(adm).getByTestId("health-edit").count()).toBe(1);
    await viewer.reload();
    await row(viewer, "healthy").waitFor({ timeout: 15_000 });
    expect(await viewer.getByTestId(`health-group-${SVC}`).count()).toBe(1);
    expect(await viewer.getByTestId("health-edit").count()).toBe(0);
    expect(await viewer.getByTestId("health-delete").count()).toBe(0);
    expect(await viewer.getByTestId("new-health-check").count()).toBe(0);
    expect(await row(viewer).textContent()).toContain(`${peer.url}/healthz`);
    await shot(adm, "health", true);
  });

  it("goes Unhealthy live when the peer stops: breaker Open, HealthCheckDown alert firing", async () => {
    await peer.stop();
    // live on the list, for both roles, with the error
    await row(adm, "unhealthy").waitFor({ timeout: 20_000 });
    await row(viewer, "unhealthy").waitFor({ timeout: 20_000 });
    expect(await row(adm).getByTestId("health-status").textContent()).toContain("Unhealthy");
    expect((await row(adm).getByTestId("health-last-error").textContent())?.trim()).not.toBe("none");
    // the critical alert arrives as a toast
    const toast = adm.getByTestId("toast").filter({ hasText: `Health check of ${SVC} failing` });
    await toast.first().waitFor({ timeout: 15_000 });
    await shot(adm, "health-unhealthy", true);

    expect(await until(async () => (await breakerState()) === "open", "breaker open")).toBe(true);
    await adm.goto("/breakers");
    await adm.locator(`[data-testid="breaker-row-${SVC}"][data-state="open"]`).waitFor({ timeout: 15_000 });
    expect(await adm.getByTestId(`breaker-row-${SVC}`).getByTestId("state-badge").textContent()).toContain("Open");

    const alert = await until(() => healthAlert("firing"), "a firing HealthCheckDown alert");
    alertId = alert.id;
    expect(alert.severity).toBe("critical");
    await adm.goto("/alerts");
    await adm.locator(`[data-testid="alert-row-${alertId}"][data-status="firing"][data-alertname="HealthCheckDown"]`).waitFor({ timeout: 15_000 });
    await shot(adm, "health-alert-firing");

    // the detail page: the failed runs, the error
    await adm.goto(`/health/${checkId}`);
    await status(adm, "unhealthy").waitFor();
    await adm.getByTestId("health-last-error").waitFor();
  });

  it("turns Healthy again when the peer comes back on the same port: breaker half-open → closed, alert resolved", async () => {
    await peer.start();
    await status(adm, "healthy").waitFor({ timeout: 20_000 });
    // a few healthy points after the failures, for the chart
    await expect
      .poll(
        async () => {
          const recent = ((await admin.get(`/api/v1/health-checks/${checkId}/results`)).json?.recent ?? []) as any[]; // newest first
          const firstFailure = recent.findIndex((x) => !x.healthy);
          return firstFailure === -1 ? recent.length : firstFailure;
        },
        { timeout: 15_000, interval: 250 },
      )
      .toBeGreaterThanOrEqual(3);
    await shot(adm, "health-detail-recovered", true);

    // the breaker may half-open, and closes after successful trial calls through the gateway
    await adm.goto("/breakers");
    await adm.locator(`[data-testid="breaker-row-${SVC}"]:is([data-state="half_open"], [data-state="closed"])`).waitFor({ timeout: 15_000 });
    await until(
      async () => {
        if ((await breakerState()) === "closed") return true;
        await fetch(`${server.gatewayUrl}/${SVC}/ping`).then((r) => r.arrayBuffer()).catch(() => undefined);
        return false;
      },
      "breaker closed after trial calls",
    );
    await adm.locator(`[data-testid="breaker-row-${SVC}"][data-state="closed"]`).waitFor({ timeout: 15_000 });

    const resolved = await until(async () => (await admin.get(`/api/v1/alerts/${alertId}`)).json?.status === "resolved", "alert resolved");
    expect(resolved).toBe(true);
    await adm.goto("/alerts");
    await adm.locator("#alerts-tab-resolved").click();
    await adm.locator(`[data-testid="alert-row-${alertId}"][data-status="resolved"]`).waitFor({ timeout: 15_000 });

    await adm.goto("/health");
    await row(adm, "healthy").waitFor();
    await row(viewer, "healthy").waitFor({ timeout: 15_000 });
  });

  it("deletes the check after a confirmation", async () => {
    await row(adm).getByTestId("health-delete").click();
    const dialog = adm.getByTestId("delete-health-dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`${peer.url}/healthz`);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await row(adm).count()).toBe(1);
    await row(adm).getByTestId("health-delete").click();
    await adm.getByTestId("health-delete-confirm").click();
    await adm.getByTestId("empty-state").waitFor({ timeout: 15_000 });
    expect((await admin.get("/api/v1/health-checks")).json).toEqual([]);
  });
});
