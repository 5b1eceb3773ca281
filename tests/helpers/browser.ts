// Debian's chromium driven by playwright-core (no browser download).
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { ApiClient } from "./api-client";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./server";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = path.join(ROOT, "test-results", "screenshots");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export async function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in through the login form: at /login, or on the login page already shown (`open: false`). */
export async function signIn(page: Page, username: string, password: string, { open = true } = {}): Promise<void> {
  if (open) await page.goto("/login");
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export type SessionCookie = Parameters<BrowserContext["addCookies"]>[0][number];

/** Signs `username` in through the API and returns the session cookie as the server set it (server/api/auth.ts). */
export async function apiSession(baseURL: string, username: string, password: string): Promise<SessionCookie> {
  const api = new ApiClient(baseURL);
  await api.login(username, password);
  const [name, value] = api.cookie!.split(/=(.*)/s) as [string, string];
  return { name, value, url: baseURL, httpOnly: true, sameSite: "Lax" };
}

/** A new context (1280×800 unless `options` say otherwise) holding `session`: no login page is loaded. */
export async function contextWithSession(browser: Browser, session: SessionCookie, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL: session.url, viewport: { width: 1280, height: 800 }, ...options });
  await ctx.addCookies([session]);
  return ctx;
}

/** A new context signed in as `username` through the API (the login form itself is tested in tests/e2e/auth-shell). */
export async function signedInContext(browser: Browser, baseURL: string, username: string, password: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return contextWithSession(browser, await apiSession(baseURL, username, password), options);
}
