// Shared set-up for the operator-experience browser tests (responsive, a11y, tables, triage):
// a real server with three services, an admin session, and the list of every dashboard page.
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { ApiClient } from "./api-client";
import type { TestDatabase } from "./databases";
import { declareService, PASSWORDS, setUpUsers, startFlakyUpstream, type FlakyUpstream } from "./e2e-dashboard";
import type { RunningServer } from "./server";
import { startBrowserWorld, useWorld } from "./e2e-world";

export interface UxWorld {
  db: TestDatabase;
  server: RunningServer;
  upstream: FlakyUpstream;
  admin: ApiClient;
  browser: Browser;
  close(): Promise<void>;
}

export async function startUxWorld(): Promise<UxWorld> {
  const w = await startBrowserWorld({ peer: startFlakyUpstream });
  try {
    const admin = await setUpUsers(w.server.url);
    const fast = { retry: { maxAttempts: 1 } };
    await declareService(admin, { name: "payments", baseUrl: w.peer.url, timeoutMs: 900, ...fast });
    await declareService(admin, { name: "inventory", baseUrl: w.peer.url, timeoutMs: 2500, ...fast });
    await declareService(admin, { name: "zeta-search", baseUrl: w.peer.url, timeoutMs: 1500, ...fast });
    return { db: w.db, server: w.server, upstream: w.peer, admin, browser: w.browser, close: w.stop };
  } catch (err) {
    await w.stop();
    throw err;
  }
}

/** The world for one test file: started in beforeAll, closed in afterAll. */
export function useUxWorld(): UxWorld {
  return useWorld(startUxWorld, (w) => w.close());
}

/** A new admin context with one page already showing `path` (rendered and live). */
export async function adminPage(world: UxWorld, path: string, options: Parameters<Browser["newContext"]>[0] = {}): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await adminContext(world, options);
  const page = await ctx.newPage();
  await openPage(page, path);
  return { ctx, page };
}

/** Every dashboard page an operator reaches (the 404 page too). */
export const PAGES = [
  "/",
  "/services",
  "/services/payments",
  "/services/new",
  "/services/payments/edit",
  "/breakers",
  "/breakers/payments",
  "/bulkheads",
  "/slos",
  "/slos/new",
  "/alerts",
  "/alerts?tab=resolved",
  "/health",
  "/health/new",
  "/experiments",
  "/experiments/new",
  "/audit",
  "/settings",
  "/settings/users",
  "/settings/tokens",
  "/settings/notifiers",
  "/no-such-page",
] as const;

/** Signs in through the API and hands the session cookie to a new browser context. */
export async function adminContext(world: UxWorld, options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  const ctx = await world.browser.newContext({ baseURL: world.server.url, viewport: { width: 1280, height: 800 }, ...options });
  const page = await ctx.newPage();
  await page.goto("/login?next=/");
  await page.getByLabel("Username", { exact: true }).fill("admin");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORDS.admin);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/", { timeout: 20_000 });
  await page.close();
  return ctx;
}

/** Loads a page and waits until it is rendered and hydrated (the live indicator connects). */
export async function openPage(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.locator("main").first().waitFor();
  if (path !== "/no-such-page") await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 15_000 });
}
