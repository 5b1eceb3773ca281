// Sortable tables (state in the URL), the audit trail without sign-ins by default, whole
// before/after JSON on demand, the themed 404, and chart time ranges in the URL and the API.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { adminContext, adminPage, openPage, useUxWorld } from "../helpers/e2e-ux";

const rowNames = (page: Page) => page.locator('[data-testid^="service-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-testid")!.replace("service-row-", "")));

describe("tables, audit, 404 and time ranges", () => {
  const world = useUxWorld();

  it("sorts the services table by a clicked column, keeping the state in the URL", async () => {
    const { ctx, page } = await adminPage(world, "/services");
    await page.getByTestId("sort-timeout").click();
    await page.waitForURL((u) => u.searchParams.get("sort") === "timeout" && u.searchParams.get("dir") === "asc");
    await expect.poll(() => rowNames(page)).toEqual(["payments", "zeta-search", "inventory"]);
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain("Timeout");
    await page.getByTestId("sort-timeout").click();
    await page.waitForURL((u) => u.searchParams.get("dir") === "desc");
    await expect.poll(() => rowNames(page)).toEqual(["inventory", "zeta-search", "payments"]);
    // the URL alone reproduces the order
    await openPage(page, "/services?sort=name&dir=desc");
    expect(await rowNames(page)).toEqual(["zeta-search", "payments", "inventory"]);
    // the users table too: twice on "Username" sorts descending
    await openPage(page, "/settings/users");
    await page.getByTestId("sort-username").click();
    await page.waitForURL((u) => u.searchParams.get("dir") === "asc");
    await page.getByTestId("sort-username").click();
    await page.waitForURL((u) => u.searchParams.get("dir") === "desc");
    const users = () => page.locator("[data-testid^=user-row-]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-username")));
    await expect.poll(users).toEqual(["vera", "olga", "admin"]);
    await ctx.close();
  });

  it("hides sign-ins in the audit trail unless asked, and shows before/after JSON whole", async () => {
    await world.admin.post("/api/v1/breakers/payments/force", { state: "open", reason: "audit drill with a long reason", ttlSeconds: 600 });
    const { ctx, page } = await adminPage(world, "/audit");
    await page.locator('[data-testid="audit-row"][data-action="breaker.force"]').waitFor();
    expect(await page.locator('[data-testid="audit-row"][data-action^="auth."]').count()).toBe(0);
    expect(await page.getByTestId("audit-signins-hidden").textContent()).toMatch(/sign-ins? hidden/);
    const json = page.locator('[data-testid="audit-row"][data-action="breaker.force"]').getByTestId("audit-json").last();
    await json.locator("summary").click();
    const pre = await json.locator("pre").textContent();
    expect(JSON.parse(pre!)).toMatchObject({ state: "forced_open" });
    await page.getByTestId("audit-show-signins").check();
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL((u) => u.searchParams.get("signins") === "1");
    await page.locator('[data-testid="audit-row"][data-action="auth.login"]').first().waitFor();
    await world.admin.delete("/api/v1/breakers/payments/force?to=closed");
    await ctx.close();
  });

  it("answers an unknown address with a themed 404 that leads back", async () => {
    const ctx = await adminContext(world);
    const page = await ctx.newPage();
    const res = await page.goto("/nowhere/at/all");
    expect(res?.status()).toBe(404);
    await page.getByTestId("not-found").waitFor();
    await page.getByTestId("not-found").getByRole("link", { name: "Breakers" }).click();
    await page.waitForURL((u) => u.pathname === "/breakers");
    await ctx.close();
  });

  it("keeps the chart range in the URL and the API takes from/to with bounds", async () => {
    const { ctx, page } = await adminPage(world, "/breakers/payments");
    await page.getByTestId("range-selector").getByRole("button", { name: "6 h" }).click();
    await page.waitForURL((u) => u.searchParams.get("range") === "6h");
    expect(await page.getByTestId("range-selector").getByRole("button", { name: "6 h" }).getAttribute("aria-pressed")).toBe("true");
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 60_000);
    const ok = await world.admin.get(`/api/v1/breakers/payments/samples?from=${from.toISOString()}&to=${to.toISOString()}`);
    expect(ok.status).toBe(200);
    expect(Array.isArray(ok.json)).toBe(true);
    const backwards = await world.admin.get(`/api/v1/traffic?from=${to.toISOString()}&to=${from.toISOString()}`);
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.json)).toContain("to");
    const tooWide = await world.admin.get(`/api/v1/traffic?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`);
    expect(tooWide.status).toBe(400);
    const half = await world.admin.get(`/api/v1/traffic?from=${from.toISOString()}`);
    expect(half.status).toBe(400);
    expect(JSON.stringify(half.json)).toContain("is required with from");
    await ctx.close();
  });
});
