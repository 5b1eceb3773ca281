// Phone widths: navigation collapses into a menu button, and forcing a breaker works by touch with
// the dialog's buttons on screen (that no page scrolls sideways at phone and tablet widths is in
// the every-page sweep of a11y.test.ts). Real server and Chromium.
import { describe, expect, it } from "vitest";
import { adminPage, useUxWorld } from "../helpers/e2e-ux";

describe("dashboard at phone width", () => {
  const world = useUxWorld();

  it("collapses the side navigation into a menu button at 390 px", async () => {
    const { ctx, page } = await adminPage(world, "/", { viewport: { width: 390, height: 844 } });
    const menu = page.getByTestId("nav-menu-button");
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await page.locator('aside nav[aria-label="Main"]').isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    await page.getByTestId("mobile-nav").getByRole("link", { name: "Breakers" }).click();
    await page.waitForURL((u) => u.pathname === "/breakers");
    await page.getByTestId("breaker-row-payments").waitFor();
    // navigating closes the menu
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-menu-button"]')?.getAttribute("aria-expanded") === "false");
    await ctx.close();
  });

  it("forces a breaker open by touch on a phone, with the dialog fully on screen", async () => {
    const { ctx, page } = await adminPage(world, "/breakers/payments", { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const actions = page.getByTestId("breaker-actions-payments");
    await actions.getByRole("button", { name: "Force open" }).tap();
    const dialog = page.getByTestId("force-dialog");
    await dialog.waitFor();
    await dialog.getByLabel("Reason").fill("phone drill INC-7");
    // 15 min is preselected
    expect(await dialog.getByRole("button", { name: "15 min" }).getAttribute("aria-pressed")).toBe("true");
    const submit = dialog.getByRole("button", { name: "Force open" });
    const box = await submit.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    await submit.tap();
    await dialog.waitFor({ state: "detached" });
    await page.locator('[data-testid="breaker-actions-payments"]').getByRole("button", { name: "Lift override" }).waitFor();
    // the reason is on the page, not only on hover
    expect(await page.getByTestId("override-reason").first().textContent()).toContain("phone drill INC-7");
    const r = await world.admin.get("/api/v1/breakers/payments");
    expect((r.json as { state: string }).state).toBe("forced_open");
    // lift by touch: the confirmation defaults to half-open
    await actions.getByRole("button", { name: "Lift override" }).tap();
    await page.getByTestId("lift-half-open").tap();
    await page.getByTestId("lift-dialog").waitFor({ state: "detached" });
    await page.waitForFunction(async () => {
      const res = await fetch("/api/v1/breakers/payments");
      const b = (await res.json()) as { state: string };
      return b.state !== "forced_open";
    });
    await ctx.close();
  });
});
