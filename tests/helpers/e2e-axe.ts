// axe-core in the browser tests: the serious and critical violations of a page as an operator sees
// it (live, not dimmed as stale).
//
// axe runs in the page the way @axe-core/playwright's analyze() does in its legacy mode
// (window.axe.run with the default rules, on the document), with the axe-core that package ships,
// but injected once per loaded page: analyze() evaluates axe's ~550 KB twice on every call, and
// its default mode also opens a blank page per call to merge frame results. Dashboard pages have
// no frames; a page with one is reported (axe would not look inside it from here).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Page } from "playwright-core";
import { ROOT } from "./server";

const fromRoot = createRequire(path.join(ROOT, "package.json"));
const AXE_SOURCE = readFileSync(createRequire(fromRoot.resolve("@axe-core/playwright")).resolve("axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  impact?: string | null;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Waits until the page is live and its content is not dimmed as stale (pages without the live
 * indicator, such as the 404 page: at once). axe keeps the page's thread busy, and on a busy
 * machine a run can outlast the socket's ping timeout (5 s), so the page may still be reconnecting
 * from the last run.
 */
export async function shownLive(page: Page): Promise<void> {
  if ((await page.getByTestId("live-indicator").count()) === 0) return;
  await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    () => {
      const content = document.querySelector("main > div");
      return !document.querySelector("[data-stale]") && (!content || getComputedStyle(content).opacity === "1");
    },
    undefined,
    { timeout: 30_000 },
  );
}

/** The axe rules that read colours: all that can change when only the colour scheme changes. */
export const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/**
 * "rule: target (what to fix) | …" for each serious or critical violation on the page as shown now
 * (every default rule, or only `rules`).
 */
export async function axeProblems(page: Page, rules?: string[]): Promise<string[]> {
  await shownLive(page);
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  // only violations are detailed (passes and the rest are left as counts)
  const options = { resultTypes: ["violations"], ...(rules ? { runOnly: { type: "rule", values: rules } } : {}) };
  const violations = await page.evaluate((o) => (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Violation[] }> } }).axe.run(document, o).then((r) => r.violations), options);
  const problems = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes
      .slice(0, 3)
      .map((n) => `${n.target.join(" ")} (${n.failureSummary?.split("\n")[1]?.trim() ?? ""})`)
      .join(" | ")}`);
  const frames = page.frames().length - 1;
  return frames > 0 ? [...problems, `${frames} frame(s) on the page, not tested`] : problems;
}
