// Browser tests: Debian chromium (playwright-core) against a production build of the real server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBrowserWorld, type BrowserWorld } from "../helpers/e2e-world";
import { ApiClient } from "../helpers/api-client";
import { newContext, screenshot, signedInContext, signIn } from "../helpers/browser";

const ADMIN_PW = "e2e-admin-pass";
const VIEWER_PW = "e2e-viewer-pass";

describe("sign-in, dashboard shell and roles in a real browser", () => {
  let world: BrowserWorld<undefined>;
  let { server, browser } = {} as BrowserWorld<undefined>;

  beforeAll(async () => {
    world = await startBrowserWorld({ env: { BREAKWATER_ADMIN_PASSWORD: ADMIN_PW } });
    ({ server, browser } = world);
    const admin = new ApiClient(server.url);
    await admin.login("admin", ADMIN_PW);
    await admin.post("/api/v1/users", { username: "vic", password: VIEWER_PW, role: "viewer" });
  });
  /** A new context signed in through the API (the form has tests of its own above), its page at `path` (live once it loaded). */
  async function signedIn(username: string, password: string, path: string) {
    const ctx = await signedInContext(browser, server.url, username, password);
    const page = await ctx.newPage();
    const res = await page.goto(path);
    if (res?.ok()) await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 15_000 });
    return { ctx, page, res };
  }
  afterAll(async () => {
    await world?.stop();
  });

  it("redirects to /login when signed out, and signing in through the form lands on the page asked for", async () => {
    const ctx = await newContext(browser, server.url);
    const page = await ctx.newPage();
    await page.goto("/breakers");
    expect(new URL(page.url()).pathname).toBe("/login");
    await screenshot(page, "login");
    await signIn(page, "admin", ADMIN_PW, { open: false });
    await page.waitForURL((u) => u.pathname === "/breakers", { timeout: 15_000 });
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 15_000 });
    // the session the form got is out of the page's scripts' reach
    expect((await ctx.cookies()).find((c) => c.name === "bw_session")).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    await ctx.close();
  });

  it("shows an error for a wrong password and stays on the login page", async () => {
    const ctx = await newContext(browser, server.url);
    const page = await ctx.newPage();
    await signIn(page, "admin", "not-the-password");
    const error = page.getByTestId("login-error");
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toMatch(/wrong username or password/i);
    expect(await error.getAttribute("role")).toBe("alert");
    expect(new URL(page.url()).pathname).toBe("/login");
    await ctx.close();
  });

  it("signs in, shows the shell with navigation and user, and the live indicator connects", async () => {
    const ctx = await newContext(browser, server.url);
    const page = await ctx.newPage();
    await signIn(page, "admin", ADMIN_PW);
    await page.waitForURL((u) => u.pathname === "/", { timeout: 15_000 });
    const nav = page.locator('nav[aria-label="Main"]');
    for (const item of ["Overview", "Services", "Breakers", "Bulkheads", "SLOs", "Alerts", "Health", "Audit", "Settings"]) {
      await nav.getByRole("link", { name: item }).first().waitFor();
    }
    expect(await page.getByTestId("user-name").textContent()).toBe("admin");
    expect(await page.getByTestId("user-role").textContent()).toMatch(/admin/);
    const live = page.getByTestId("live-indicator");
    await live.and(page.locator('[data-state="live"]')).waitFor({ timeout: 10_000 });
    expect(await live.textContent()).toMatch(/Live/);
    await screenshot(page, "overview");

    await nav.getByRole("link", { name: "Audit" }).first().click();
    await page.waitForURL((u) => u.pathname === "/audit");
    // sign-ins are hidden by default so actions are not buried; the filter shows them
    await page.getByTestId("audit-show-signins").check();
    await page.getByRole("button", { name: "Filter", exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get("signins") === "1");
    await page.locator('[data-testid="audit-row"][data-action="auth.login"]').first().waitFor();
    await screenshot(page, "audit");

    await page.goto("/settings/users");
    await page.getByTestId("user-row-vic").waitFor();
    await screenshot(page, "users");
    await page.goto("/settings/tokens");
    await screenshot(page, "tokens");
    await ctx.close();
  });

  it("lets an admin create a user through the form, with per-field errors first", async () => {
    const { ctx, page } = await signedIn("admin", ADMIN_PW, "/settings/users");
    await page.locator("#new-user-username").fill("x");
    await page.locator("#new-user-password").fill("short");
    await page.getByRole("button", { name: "Create user" }).click();
    await page.getByTestId("new-user-username-error").waitFor();
    expect(await page.getByTestId("new-user-username-error").textContent()).toMatch(/3 to 64/);
    expect(await page.getByTestId("new-user-password-error").textContent()).toMatch(/at least 8/);
    await page.locator("#new-user-username").fill("olivia");
    await page.locator("#new-user-password").fill("olivia-pass-1");
    await page.locator("#new-user-role").selectOption("operator");
    await page.getByRole("button", { name: "Create user" }).click();
    await page.getByTestId("user-row-olivia").waitFor();
    const api = new ApiClient(server.url);
    await api.login("olivia", "olivia-pass-1");
    expect((await api.get("/api/v1/auth/me")).json.role).toBe("operator");
    await ctx.close();
  });

  it("shows a new API token once, and revokes it after confirmation", async () => {
    const { ctx, page } = await signedIn("admin", ADMIN_PW, "/settings/tokens");
    await page.locator("#new-token-name").fill("deploy-bot");
    await page.locator("#new-token-role").selectOption("operator");
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = await page.getByTestId("token-secret").inputValue();
    expect(secret).toMatch(/^bwt_/);
    const bot = new ApiClient(server.url, { bearer: secret, origin: null });
    expect((await bot.get("/api/v1/auth/me")).json.role).toBe("operator");
    await page.getByRole("button", { name: "Done" }).click();
    await page.reload();
    expect(await page.content()).not.toContain(secret);
    await page.getByRole("button", { name: "Revoke token deploy-bot" }).click();
    await page.getByTestId("revoke-token-dialog").getByRole("button", { name: "Revoke token", exact: true }).click();
    await page.getByTestId("revoke-token-dialog").waitFor({ state: "detached" });
    await expect.poll(async () => (await bot.get("/api/v1/auth/me")).status, { timeout: 10_000 }).toBe(401);
    await ctx.close();
  });

  it("refuses a viewer the user settings page (403) and the API (403)", async () => {
    const { ctx, page, res } = await signedIn("vic", VIEWER_PW, "/settings/users");
    expect(res?.status()).toBe(403);
    await page.getByTestId("forbidden").waitFor();
    expect(await page.getByTestId("forbidden").textContent()).toMatch(/needs the admin role/i);
    await screenshot(page, "forbidden");
    const api = await page.evaluate(async () => (await fetch("/api/v1/users")).status);
    expect(api).toBe(403);
    await ctx.close();
  });

  it("sign out ends the session: the dashboard asks to sign in again and the old cookie is refused", async () => {
    const { ctx, page } = await signedIn("admin", ADMIN_PW, "/");
    const cookie = (await ctx.cookies()).find((c) => c.name === "bw_session");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((u) => u.pathname === "/login", { timeout: 15_000 });
    await page.goto("/");
    expect(new URL(page.url()).pathname).toBe("/login");
    const replay = new ApiClient(server.url);
    replay.cookie = `bw_session=${cookie!.value}`;
    expect((await replay.get("/api/v1/auth/me")).status).toBe(401);
    await ctx.close();
  });
});
