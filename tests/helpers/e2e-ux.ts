// Shared set-up for the operator-experience browser tests (a11y-responsive, tables, alerts-triage):
// a real server with three services, an admin session, and the list of every dashboard page.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import type { ApiClient } from "./api-client";
import type { TestDatabase } from "./databases";
import { apiSession, contextWithSession, type SessionCookie } from "./browser";
import { declareService, openPage, PASSWORDS, setUpUsers, startFlakyUpstream, type FlakyUpstream } from "./e2e-dashboard";
import type { RunningServer } from "./server";
import { startBrowserWorld, useWorld } from "./e2e-world";

export interface UxWorld {
  db: TestDatabase;
  server: RunningServer;
  upstream: FlakyUpstream;
  admin: ApiClient;
  /** The admin's session, signed in once through the API, for every admin context of the file. */
  adminSession: SessionCookie;
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
    const adminSession = await apiSession(w.server.url, "admin", PASSWORDS.admin);
    return { db: w.db, server: w.server, upstream: w.peer, admin, adminSession, browser: w.browser, close: w.stop };
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
export async function adminPage(world: UxWorld, path: string, options: BrowserContextOptions = {}): Promise<{ ctx: BrowserContext; page: Page }> {
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

/** A new context with the admin's session (1280×800 unless `options` say otherwise). */
export function adminContext(world: UxWorld, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return contextWithSession(world.browser, world.adminSession, options);
}

export { openPage };
