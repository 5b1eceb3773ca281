// Shared set-up for the operator-experience browser tests (responsive, a11y, tables, triage):
// a real server with three services, an admin session, and the list of every dashboard page.
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { ApiClient } from "./api-client";
import { launchBrowser } from "./browser";
import { freshSqlite, type TestDatabase } from "./databases";
import { declareService, PASSWORDS, setUpUsers, startFlakyUpstream, type FlakyUpstream } from "./e2e-dashboard";
import { startServer, type RunningServer } from "./server";

export interface UxWorld {
  db: TestDatabase;
  server: RunningServer;
  upstream: FlakyUpstream;
  admin: ApiClient;
  browser: Browser;
  close(): Promise<void>;
}

export async function startUxWorld(): Promise<UxWorld> {
  const db = freshSqlite();
  const upstream = await startFlakyUpstream();
  const server = await startServer({ databaseUrl: db.url, env: { BREAKWATER_ADMIN_PASSWORD: PASSWORDS.admin } });
  const admin = await setUpUsers(server.url);
  const fast = { retry: { maxAttempts: 1 } };
  await declareService(admin, { name: "payments", baseUrl: upstream.url, timeoutMs: 900, ...fast });
  await declareService(admin, { name: "inventory", baseUrl: upstream.url, timeoutMs: 2500, ...fast });
  await declareService(admin, { name: "zeta-search", baseUrl: upstream.url, timeoutMs: 1500, ...fast });
  const browser = await launchBrowser();
  return {
    db,
    server,
    upstream,
    admin,
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await server.stop();
      await upstream.close();
      await db.drop();
    },
  };
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
