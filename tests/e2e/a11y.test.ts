// Accessibility: every page passes axe-core with no serious or critical violations, in the dark
// and the light theme; the theme toggle persists without a flash (server-rendered data-theme); and
// keyboard focus returns to where a dialog was opened.
import AxeBuilder from "@axe-core/playwright";
import { describe, expect, it } from "vitest";
import { adminContext, adminPage, openPage, PAGES, useUxWorld } from "../helpers/e2e-ux";

describe("accessibility in both themes", () => {
  const world = useUxWorld();

  for (const colorScheme of ["dark", "light"] as const) {
    it(`every page has no serious or critical axe violations (${colorScheme})`, async () => {
      const ctx = await adminContext(world, { colorScheme });
      const page = await ctx.newPage();
      const problems: string[] = [];
      for (const path of PAGES) {
        await openPage(page, path);
        const theme = await page.evaluate(() => (window.matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark"));
        expect(theme).toBe(colorScheme);
        const result = await new AxeBuilder({ page }).analyze();
        for (const v of result.violations.filter((x) => x.impact === "serious" || x.impact === "critical")) {
          problems.push(`${path} ${v.id}: ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(" "))
            .join(" | ")}`);
        }
      }
      expect(problems).toEqual([]);
      await ctx.close();
    });
  }

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
