// Accessibility and small screens: every page has no serious or critical axe violations in the dark
// and the light theme and no sideways scroll at tablet and phone widths (each page loaded once,
// checked in every theme and width); the theme toggle persists without a flash (server-rendered
// data-theme); keyboard focus returns to where a dialog was opened; at phone width the navigation
// collapses into a menu button, and forcing a breaker works by touch with the dialog's buttons on
// screen. One real server and Chromium for the file.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { axeProblems, COLOUR_RULES } from "../helpers/e2e-axe";
import { adminContext, adminPage, openPage, PAGES, useUxWorld } from "../helpers/e2e-ux";

const DESKTOP = { width: 1280, height: 800 };
// narrowing only: while the charts follow a narrower window the page is wider than it will be, never narrower
const WIDTHS = [
  { width: 768, height: 1024 },
  { width: 390, height: 844 },
];

/** The system theme the page reports, and the background it shows once colours that follow the theme through a transition have arrived. */
const themeShown = (page: Page) =>
  page.evaluate(async () => {
    document.body.getBoundingClientRect(); // styles recomputed: transitions have started
    await Promise.all(document.getAnimations().filter((a) => a instanceof CSSTransition).map((a) => a.finished.catch(() => undefined)));
    return { light: window.matchMedia("(prefers-color-scheme: light)").matches, background: getComputedStyle(document.body).backgroundColor };
  });

/** Why the page scrolls sideways at the window's size, or null once it fits (given time to follow the resize on a busy machine). */
async function sidewaysScroll(page: Page): Promise<string | null> {
  const fits = () => document.documentElement.scrollWidth <= window.innerWidth;
  if (await page.waitForFunction(fits, undefined, { timeout: 10_000 }).then(() => true, () => false)) return null;
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  return `${scroll} > ${inner}`;
}

const world = useUxWorld();

describe("accessibility and layout on every page", () => {
  it("every page has no serious or critical axe violations in the dark and the light theme, and does not scroll sideways at 768 or 390 px", { timeout: 240_000 }, async () => {
    const ctx = await adminContext(world);
    const page = await ctx.newPage();
    const problems: string[] = [];
    for (const path of PAGES) {
      await page.setViewportSize(DESKTOP);
      await page.emulateMedia({ colorScheme: "dark" });
      await openPage(page, path);
      const dark = await themeShown(page);
      expect(dark.light, path).toBe(false);
      for (const p of await axeProblems(page)) problems.push(`${path} (dark) ${p}`);
      // the theme is CSS alone (prefers-color-scheme): it switches on the loaded page
      await page.emulateMedia({ colorScheme: "light" });
      const light = await themeShown(page);
      expect(light.light, path).toBe(true);
      expect(light.background, `${path}: the light theme's background`).not.toBe(dark.background);
      // the page's structure is the same in both themes: in the light one only the rules that read colours can differ
      for (const p of await axeProblems(page, COLOUR_RULES)) problems.push(`${path} (light) ${p}`);
      for (const size of WIDTHS) {
        await page.setViewportSize(size);
        const wide = await sidewaysScroll(page);
        if (wide) problems.push(`${path} at ${size.width}×${size.height}: ${wide}`);
      }
    }
    expect(problems).toEqual([]);
    await ctx.close();
  });

  it("follows the system theme, and a picked theme is rendered by the server (no flash)", async () => {
    const { ctx, page } = await adminPage(world, "/", { colorScheme: "light" });
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const lightBg = await bg();
    await page.getByTestId("theme-toggle").click(); // system → light
    await page.getByTestId("theme-toggle").click(); // light → dark
    expect(await page.getByTestId("theme-toggle").getAttribute("data-theme-choice")).toBe("dark");
    expect(await bg()).not.toBe(lightBg);
    // the server renders the pick into <html> before any script runs
    const html = await (await page.request.get("/")).text();
    expect(html).toMatch(/<html[^>]*data-theme="dark"/);
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    expect(await page.evaluate(() => localStorage.getItem("bw-theme"))).toBe("dark");
    await page.getByTestId("theme-toggle").click(); // dark → system (light here)
    expect(await bg()).toBe(lightBg);
    await ctx.close();
  });

  it("returns keyboard focus to the breaker's actions after the force and lift dialogs close", async () => {
    const { ctx, page } = await adminPage(world, "/breakers/inventory");
    const actions = page.getByTestId("breaker-actions-inventory");
    const forceClosed = actions.getByRole("button", { name: "Force closed" });
    await forceClosed.focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("force-dialog").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("force-dialog").waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Force closed");
    // the opener disappears once forced: focus goes to the same group of actions
    await page.keyboard.press("Enter");
    await page.getByTestId("force-dialog").getByLabel("Reason").fill("keyboard drill");
    await page.keyboard.press("Enter");
    await actions.getByRole("button", { name: "Lift override" }).waitFor();
    await page.waitForFunction(() => Boolean(document.activeElement?.closest('[data-testid="breaker-actions-inventory"]')));
    await ctx.close();
  });
});

describe("dashboard at phone width", () => {
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
