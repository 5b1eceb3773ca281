// Regression: the login form had no method, so a sign-in submitted before the page's script
// loaded was a GET that put the password in the URL (/login?username=…&password=…). Now the form
// POSTs to the login API, which answers a form post with a redirect; no URL ever holds it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { serverForSuite } from "./auth-fixture";
const PASSWORD = "Secret-Passw0rd-xyzzy";

describe("login form without (or before) its script", () => {
  const s = serverForSuite("sqlite");
  let browser: Browser;

  beforeAll(async () => {
    await s.admin.post("/api/v1/users", { username: "nora", password: PASSWORD, role: "viewer" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Every URL the page requested or navigated to. */
  function recordUrls(page: Page): string[] {
    const urls: string[] = [];
    page.on("request", (r) => urls.push(r.url()));
    page.on("framenavigated", (f) => urls.push(f.url()));
    return urls;
  }

  async function submit(context: BrowserContext, password: string) {
    const page = await context.newPage();
    const urls = recordUrls(page);
    await page.goto(`${s.server.url}/login?next=%2Faudit`);
    await page.getByLabel("Username", { exact: true }).fill("nora");
    await page.getByLabel("Password", { exact: true }).fill(password);
    await Promise.all([page.waitForURL((u) => u.pathname !== "/login" || u.searchParams.has("error")), page.getByRole("button", { name: "Sign in" }).click()]);
    await page.waitForLoadState("domcontentloaded");
    return { page, urls };
  }

  const encodings = (pw: string) => [pw, encodeURIComponent(pw), pw.toLowerCase()];

  it("with JavaScript disabled, signs in by POST and lands on the requested page; the password is in no URL", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const { page, urls } = await submit(context, PASSWORD);
      expect(new URL(page.url()).pathname).toBe("/audit");
      expect((await context.cookies()).map((c) => c.name)).toContain("bw_session");
      for (const u of urls) for (const e of encodings(PASSWORD)) expect(u.toLowerCase()).not.toContain(e.toLowerCase());
      expect(urls.some((u) => u.includes("/api/v1/auth/login"))).toBe(true);
    } finally {
      await context.close();
    }
  });

  it("with JavaScript disabled, a wrong password comes back to the form with a message, not in the URL", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const wrong = "Wrong-Passw0rd-plugh";
      const { page, urls } = await submit(context, wrong);
      const url = new URL(page.url());
      expect(url.pathname).toBe("/login");
      expect(url.searchParams.get("error")).toBe("invalid");
      expect(url.searchParams.get("next")).toBe("/audit");
      await expect(page.getByTestId("login-error").textContent()).resolves.toMatch(/wrong username or password/);
      for (const u of urls) for (const e of encodings(wrong)) expect(u.toLowerCase()).not.toContain(e.toLowerCase());
      expect((await context.cookies()).map((c) => c.name)).not.toContain("bw_session");
    } finally {
      await context.close();
    }
  });

  it("submitted before the page's script has loaded, it still posts (scripts held back)", async () => {
    const context = await browser.newContext();
    // the page's JavaScript never arrives: the form is what the server rendered
    await context.route("**/_next/static/**/*.js", (route) => route.abort());
    try {
      const { page, urls } = await submit(context, PASSWORD);
      expect(new URL(page.url()).pathname).toBe("/audit");
      for (const u of urls) for (const e of encodings(PASSWORD)) expect(u.toLowerCase()).not.toContain(e.toLowerCase());
    } finally {
      await context.close();
    }
  });
});
