// SLOs and alerts in a real browser: an SLO created through the form (with a field error first),
// a webhook notifier added as admin, real failures through a real flaky upstream burning the
// budget live, the page alert as a toast, acknowledged with a comment, Alertmanager payloads at a
// real webhook receiver (firing, then resolved after the upstream heals), and a silence created
// from the alert page that keeps a second alert from being notified while it is still recorded.
// Real server (production build), fresh SQLite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startBrowserWorld, type BrowserWorld } from "../helpers/e2e-world";
import type { ApiClient } from "../helpers/api-client";
import { declareService, livePage, PASSWORDS, setUpUsers, shot, startFlakyUpstream, type FlakyUpstream } from "../helpers/e2e-dashboard";
import { startTraffic, type TrafficPump } from "../helpers/e2e-slos-alerts";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";
import { waitFor } from "../helpers/upstreams";

const SLO_NAME = "checkout availability";
const isPageAlert = (sloId: string) => (a: any) => a.labels?.alertname === "SloBurnRate" && a.labels?.rule === "page" && a.labels?.slo === sloId;

describe("dashboard: SLOs and alerts, live, with notifications", () => {
  let world: BrowserWorld<FlakyUpstream>;
  let { server, browser, peer: upstream } = {} as BrowserWorld<FlakyUpstream>;
  let receiver: WebhookReceiver;
  let admin: ApiClient;
  let op: Page;
  let adm: Page;
  let viewer: Page;
  let sloId = "";
  let alertId = "";
  let fingerprint = "";
  let traffic: TrafficPump | null = null;
  const gw = () => `${server.gatewayUrl}/checkout/pay`;

  async function openAlerts(status: string): Promise<any[]> {
    const r = await admin.get(`/api/v1/alerts?status=${status}&limit=100`);
    expect(r.status).toBe(200);
    return r.json as any[];
  }
  async function waitForAlert(pred: (a: any) => boolean, status: string, timeoutMs = 30_000): Promise<any> {
    return waitFor(async () => (await openAlerts(status)).find(pred), timeoutMs, `a ${status} alert that matches`);
  }

  beforeAll(async () => {
    world = await startBrowserWorld({ peer: startFlakyUpstream });
    ({ server, browser, peer: upstream } = world);
    receiver = await startWebhookReceiver();
    admin = await setUpUsers(server.url);
    // a breaker that never trips, so only the SLO's own alerts fire
    await declareService(admin, { name: "checkout", baseUrl: upstream.url, retry: { maxAttempts: 1 }, breaker: { minimumCalls: 10_000, window: { type: "count", size: 100_000 }, consecutiveFailures: 0 }, bulkhead: { maxConcurrent: 200, maxQueue: 200 } });
    [op, adm, viewer] = await Promise.all([
      livePage(browser, server.url, "olga", PASSWORDS.operator, "/slos"),
      livePage(browser, server.url, "admin", PASSWORDS.admin, "/settings/notifiers"),
      livePage(browser, server.url, "vera", PASSWORDS.viewer, "/slos"),
    ]);
  });
  afterAll(async () => {
    await traffic?.stop();
    await receiver?.close();
    await world?.stop();
  });

  it("creates an SLO through the form: a field error for a bad objective first, then saved", async () => {
    await op.getByTestId("new-slo").click();
    await op.waitForURL((u) => u.pathname === "/slos/new");
    await op.locator("#slo-field-name").fill(SLO_NAME);
    await op.locator("#slo-field-service").selectOption("checkout");
    await op.locator("#slo-field-objective").fill("150");
    await op.locator("#slo-field-objective").blur();
    const err = op.getByTestId("slo-error-objective");
    await err.waitFor();
    expect(await err.textContent()).toMatch(/between 0 and 100/);
    // submit keeps the input and stays on the form
    await op.getByTestId("slo-submit").click();
    // the refused submit moves the focus to the first field in error (nothing is sent)
    await op.waitForFunction(() => document.activeElement?.id === "slo-field-objective");
    expect(new URL(op.url()).pathname).toBe("/slos/new");
    expect(await op.locator("#slo-field-objective").inputValue()).toBe("150");
    expect(await op.locator("#slo-field-name").inputValue()).toBe(SLO_NAME);
    expect(await op.locator("#slo-field-objective").getAttribute("aria-invalid")).toBe("true");
    await shot(op, "slo-form-error");

    await op.locator("#slo-field-objective").fill("99");
    await op.locator("#slo-field-objective").blur();
    await op.getByTestId("slo-error-objective").waitFor({ state: "detached" });
    await op.locator("#slo-field-windowSeconds").selectOption("3600");
    // what the objective allows, as time, follows the input
    await op.getByTestId("slo-budget").getByText("99 % over 1 hour = 36 s of errors").waitFor();
    // per-user 429s are left out of the SLI unless asked for
    const countUserLimited = op.getByLabel("Count per-user limit refusals (429) as bad events");
    expect(await countUserLimited.isChecked()).toBe(false);
    await countUserLimited.check();
    await op.getByTestId("slo-submit").click();
    await op.waitForURL((u) => /^\/slos\/[^/]+$/.test(u.pathname) && u.pathname !== "/slos/new", { timeout: 20_000 });
    sloId = decodeURIComponent(new URL(op.url()).pathname.split("/").pop()!);
    const r = await admin.get(`/api/v1/slos/${sloId}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: SLO_NAME, service: "checkout", objective: 99, windowSeconds: 3600, sli: { type: "availability", countUserLimited: true } });
    await op.getByTestId("budget-remaining").waitFor();
    expect((await op.getByTestId("budget-remaining").textContent())?.trim()).toBe("100.0 %");
    // the lookbacks are labelled with their real, scaled length
    expect(await op.getByTestId("burn-1h").textContent()).toContain("10 s");
    expect(await op.getByTestId("burn-3d").textContent()).toContain("6 min");

    // the list shows it with a budget bar
    await viewer.reload();
    const row = viewer.getByTestId(`slo-row-${SLO_NAME}`);
    await row.waitFor();
    expect(await row.getByTestId("budget-bar").getAttribute("aria-valuenow")).toBe("100");
  });

  it("adds the webhook notifier as admin (URL validated), tests it, and shows the delivery log", async () => {
    await adm.locator("#notifier-field-name").fill("oncall");
    await adm.locator("#notifier-field-config-url").fill("not a url");
    await adm.locator("#notifier-field-config-url").blur();
    await adm.getByTestId("notifier-error-config.url").waitFor();
    await adm.locator("#notifier-field-config-url").fill(receiver.url);
    await adm.locator("#notifier-field-config-headers").fill("X-Breakwater-Test: e2e");
    await adm.getByTestId("notifier-submit").click();
    const row = adm.getByTestId("notifier-row-oncall");
    await row.waitFor();
    await row.getByRole("button", { name: "Test" }).click();
    const result = row.getByTestId("notifier-test-result");
    await result.waitFor();
    expect(await result.getAttribute("data-ok")).toBe("true");
    const test = await receiver.waitForDelivery((b) => b.alerts?.[0]?.labels?.alertname === "BreakwaterTest");
    expect(test.body.version).toBe("4");
    expect(test.headers["x-breakwater-test"]).toBe("e2e");
    await adm.getByTestId("delivery-log").getByTestId("delivery-row").first().waitFor();
    expect(await adm.getByTestId("delivery-log").textContent()).toContain("200");
    await shot(adm, "notifiers", true);
  });

  it("burns the budget live on the SLO page; the page alert fires as a toast and is acknowledged with a comment", async () => {
    await op.evaluate(() => ((window as any).__noReload = true));
    // some good traffic, then failures
    traffic = startTraffic(gw(), 5, 150);
    await expect
      .poll(async () => ((await admin.get(`/api/v1/slos/${sloId}/status`)).json?.events?.good ?? 0) as number, { timeout: 30_000, interval: 250 })
      .toBeGreaterThanOrEqual(50);
    upstream.set("fail");
    await op.waitForFunction(() => {
      const t = document.querySelector('[data-testid="budget-remaining"]')?.textContent?.trim();
      return t !== undefined && t !== "100.0 %";
    }, undefined, { timeout: 20_000 });
    expect(await op.evaluate(() => (window as any).__noReload)).toBe(true);

    // the page alert reaches this page as a toast (severity, title, link)
    const toast = op.locator('[data-testid="toast"][data-kind="alert"][data-severity="critical"]', { hasText: SLO_NAME });
    await toast.waitFor({ timeout: 30_000 });
    expect(await toast.textContent()).toMatch(/critical/i);
    await op.getByTestId("nav-firing-alerts").waitFor();
    await shot(op, "slo-detail", true);
    upstream.set("ok"); // stop burning; traffic keeps flowing (good now)

    const alert = await waitForAlert(isPageAlert(sloId), "firing");
    alertId = alert.id;
    fingerprint = alert.fingerprint;
    expect(alert.severity).toBe("critical");

    // the webhook receiver got the firing payload in Alertmanager's format
    const { body: firing } = await receiver.waitForDelivery((b) => b.status === "firing" && isPageAlert(sloId)(b.alerts?.[0] ?? {}));
    expect(firing.version).toBe("4");
    expect(firing.alerts[0].status).toBe("firing");
    expect(firing.alerts[0].labels.alertname).toBe("SloBurnRate");
    expect(firing.alerts[0].fingerprint).toBe(fingerprint);
    expect(typeof firing.alerts[0].startsAt).toBe("string");
    expect(firing.alerts[0].generatorURL).toContain(`/alerts/${alertId}`);

    // the toast's link opens the alert; acknowledge it there with a comment
    await toast.getByTestId("toast-link").click();
    await op.waitForURL((u) => u.pathname === `/alerts/${alertId}`);
    await op.getByRole("button", { name: "Acknowledge", exact: true }).click();
    const dialog = op.getByTestId("ack-dialog");
    await dialog.waitFor();
    await dialog.getByLabel("Comment").fill("looking at the checkout upstream");
    await dialog.getByRole("button", { name: "Acknowledge" }).click();
    await dialog.waitFor({ state: "detached" });
    const detail = op.locator(`[data-testid="alert-row-${alertId}"][data-status="acknowledged"]`);
    await detail.waitFor();
    expect(await detail.textContent()).toContain("looking at the checkout upstream");

    // on the alerts page, under Acknowledged, live for everyone
    await viewer.goto("/alerts");
    await viewer.getByRole("tab", { name: "Acknowledged" }).click();
    const row = viewer.locator(`[data-testid="alert-row-${alertId}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-status")).toBe("acknowledged");
    expect(await row.getAttribute("data-severity")).toBe("critical");
    const text = (await row.textContent()) ?? "";
    expect(text).toContain("Acknowledged by olga");
    expect(text).toContain("looking at the checkout upstream");
    // viewers read everything but get no controls
    for (const name of ["Acknowledge", "Resolve", "Silence"]) expect(await viewer.getByRole("button", { name, exact: true }).count()).toBe(0);
    const api = await admin.get(`/api/v1/alerts/${alertId}`);
    expect(api.json).toMatchObject({ status: "acknowledged", acknowledgedBy: "olga" });
  });

  it("creates a silence from the alert page (labels + duration)", async () => {
    await op.goto("/alerts");
    await op.getByRole("tab", { name: "Acknowledged" }).click();
    const row = op.locator(`[data-testid="alert-row-${alertId}"]`);
    await row.waitFor();
    await row.getByRole("button", { name: "Silence", exact: true }).click();
    const dialog = op.getByTestId("silence-dialog");
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "1 h" }).click();
    await dialog.getByLabel("Reason").fill("e2e: known checkout incident");
    await dialog.getByTestId("silence-confirm").click();
    await dialog.waitFor({ state: "detached" });
    const silences = (await admin.get("/api/v1/silences")).json as any[];
    const s = silences.find((x) => x.comment === "e2e: known checkout incident");
    expect(s).toBeTruthy();
    expect(s.matchers).toMatchObject({ alertname: "SloBurnRate", rule: "page", slo: sloId });
    expect(Date.parse(s.endsAt) - Date.now()).toBeGreaterThan(55 * 60_000);
    await op.getByTestId("silences").getByText("e2e: known checkout incident").waitFor();
    await shot(op, "alerts", true);
  });

  it("after the upstream heals the alert resolves by itself and the receiver gets the resolved payload", async () => {
    const { body: resolved } = await receiver.waitForDelivery((b) => b.status === "resolved" && b.alerts?.[0]?.fingerprint === fingerprint, 60_000);
    expect(resolved.version).toBe("4");
    expect(resolved.alerts[0].status).toBe("resolved");
    expect(resolved.alerts[0].labels.alertname).toBe("SloBurnRate");
    expect(typeof resolved.alerts[0].endsAt).toBe("string");
    expect(Date.parse(resolved.alerts[0].endsAt)).toBeGreaterThan(Date.parse(resolved.alerts[0].startsAt));
    // live on the alerts page: it moves to Resolved without a reload
    await op.getByRole("tab", { name: "Resolved" }).click();
    await op.locator(`[data-testid="alert-row-${alertId}"][data-status="resolved"]`).waitFor({ timeout: 15_000 });
  });

  it("a second page alert under the silence is recorded but not notified", async () => {
    const firingBefore = receiver.bodies.filter((b) => b.status === "firing" && b.alerts?.[0]?.fingerprint === fingerprint).length;
    upstream.set("fail");
    const second = await waitForAlert((a) => isPageAlert(sloId)(a) && a.id !== alertId, "firing", 30_000);
    upstream.set("ok");
    expect(second.silenced).toBe(true);
    // recorded and shown, marked silenced
    await op.getByRole("tab", { name: "Firing" }).click();
    const row = op.locator(`[data-testid="alert-row-${second.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain("silenced");
    // no notification for it. A barrier: a test delivery, answered before its POST returns, goes out
    // after any notification of this alert would have (both go out at once, over loopback)
    const [hookNotifier] = (await admin.get("/api/v1/notifiers")).json as { id: string }[];
    expect((await admin.post(`/api/v1/notifiers/${hookNotifier!.id}/test`, {})).status).toBe(200);
    expect(receiver.bodies.filter((b) => b.status === "firing" && b.alerts?.[0]?.fingerprint === fingerprint).length).toBe(firingBefore);
    const deliveries = (await admin.get("/api/v1/deliveries?limit=200")).json as any[];
    expect(deliveries.some((d) => d.alertId === second.id)).toBe(false);
  });

  it("lists SLOs by remaining budget with budget bars, for viewers too (no controls)", async () => {
    await traffic?.stop();
    traffic = null;
    await viewer.goto("/slos");
    const row = viewer.getByTestId(`slo-row-${SLO_NAME}`);
    await row.waitFor();
    const now = Number(await row.getByTestId("budget-bar").getAttribute("aria-valuenow"));
    expect(now).toBeLessThan(100);
    expect(await viewer.getByTestId("new-slo").count()).toBe(0);
    await shot(viewer, "slos", true);
    await viewer.goto(`/slos/${sloId}`);
    await viewer.getByTestId("burn-down-chart").waitFor();
    await viewer.getByTestId("burn-rate-chart").waitFor();
    expect(await viewer.getByRole("link", { name: "Edit" }).count()).toBe(0);
    expect(await viewer.getByRole("button", { name: "Delete" }).count()).toBe(0);
  });
});
