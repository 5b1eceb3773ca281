// Upstream content is served on the gateway's own port, never on the dashboard's origin, and
// Breakwater's cookies never cross the gateway. Regression for: a signed-in admin opening an
// upstream page that reflected a <script> minted an admin token; the upstream received the session
// cookie and could set it. Real server, real upstream, real Chromium.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { startBrowserWorld, type BrowserWorld } from "../helpers/e2e-world";
import { ApiClient } from "../helpers/api-client";
import { newContext, signIn } from "../helpers/browser";
import { parseRaw, rawExchange, startReflectingUpstream, type ReflectingUpstream } from "../helpers/reflecting-upstream";
import { rawRequest } from "../helpers/raw-http";
import { waitFor } from "../helpers/upstreams";

const ADMIN_PW = "security-admin-pass";

describe("gateway isolation", () => {
  let world: BrowserWorld<ReflectingUpstream>;
  let { server, browser, peer: upstream } = {} as BrowserWorld<ReflectingUpstream>;
  let admin: ApiClient;
  let ctx: BrowserContext;
  const tokenCount = async () => ((await admin.get("/api/v1/tokens")).json as unknown[]).length;

  beforeAll(async () => {
    world = await startBrowserWorld({ peer: startReflectingUpstream, env: { BREAKWATER_ADMIN_PASSWORD: ADMIN_PW, BREAKWATER_REQUEST_TIMEOUT_MS: "3000" } });
    ({ server, browser, peer: upstream } = world);
    admin = new ApiClient(server.url);
    await admin.login("admin", ADMIN_PW);
    const created = await admin.post("/api/v1/services", { name: "shop", baseUrl: upstream.url });
    expect(created.status).toBe(201);
    ctx = await newContext(browser, server.url);
    const page = await ctx.newPage();
    await signIn(page, "admin", ADMIN_PW);
    await page.waitForURL((u) => u.pathname !== "/login");
    await page.close();
  });
  afterAll(async () => {
    await world?.stop();
  });

  it("a script reflected by an upstream page cannot mint a token with the admin's session", async () => {
    const before = await tokenCount();
    const control = server.url;
    // the attack of the report (same-origin path), and its cross-origin variants to the control plane
    const script = `<script>
      const body = JSON.stringify({ name: "pwned", role: "admin" });
      window.attempts = Promise.allSettled([
        fetch('/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
        fetch('${control}/api/v1/tokens', { method: 'POST', credentials: 'include', headers: { 'content-type': 'text/plain' }, body }),
        fetch('${control}/api/v1/tokens', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body }),
      ]).then(() => 'done');
    </script>`;
    const page = await ctx.newPage();
    const res = await page.goto(`${server.gatewayUrl}/shop/page?name=${encodeURIComponent(script)}`);
    expect(res?.status()).toBe(200);
    expect(await page.locator("h1").textContent()).toContain("Hello");
    expect(await page.evaluate(() => (window as unknown as { attempts: Promise<string> }).attempts)).toBe("done");
    expect(await tokenCount()).toBe(before);
    // the same page on the dashboard's origin does not exist any more
    const old = await page.goto(`${server.url}/gw/shop/page?name=x`);
    expect(old?.status()).toBe(404);
    await page.close();
  });

  it("the upstream never sees Breakwater's session cookie (other cookies pass)", async () => {
    await ctx.addCookies([{ name: "theme", value: "dark", domain: "127.0.0.1", path: "/" }]);
    const jar = await ctx.cookies(server.url);
    expect(jar.find((c) => c.name === "bw_session")).toBeTruthy(); // the browser would send it to any port of this host
    upstream.cookies.length = 0;
    const page = await ctx.newPage();
    await page.goto(`${server.gatewayUrl}/shop/cookies`);
    await page.close();
    await waitFor(() => upstream.cookies.length > 0, 5_000, "the upstream to be called");
    for (const c of upstream.cookies) {
      expect(c).not.toMatch(/bw_session/);
      expect(c).toContain("theme=dark");
    }
  });

  it("an upstream's Set-Cookie for bw_session never reaches the client (its own cookies do)", async () => {
    const raw = await rawRequest(server.gatewayPort, "/shop/set");
    const setCookies = raw.headers["set-cookie"] ?? [];
    expect(setCookies.some((c) => c.startsWith("bw_session="))).toBe(false);
    expect(setCookies.some((c) => c.startsWith("shop_cart="))).toBe(true);
    const before = (await ctx.cookies(server.url)).find((c) => c.name === "bw_session")?.value;
    const page = await ctx.newPage();
    await page.goto(`${server.gatewayUrl}/shop/set`);
    await page.close();
    expect((await ctx.cookies(server.url)).find((c) => c.name === "bw_session")?.value).toBe(before);
  });

  it("the control port answers /gw/… with 404 moved_to_gateway_port naming the gateway URL", async () => {
    const r = await rawRequest(server.port, "/gw/shop/page?name=x");
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe("moved_to_gateway_port");
    expect(r.json.error.message).toContain(`:${server.gatewayPort}/shop/page?name=x`);
    expect(upstream.cookies.length).toBeGreaterThan(0); // (the upstream is reachable: only the route moved)
  });

  it("dashboard pages carry a nonce CSP, X-Frame-Options, nosniff and Referrer-Policy, and still hydrate", async () => {
    const r = await rawRequest(server.port, "/login");
    const csp = String(r.headers["content-security-policy"]);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/unsafe-inline[^;]*;?\s*$|script-src[^;]*unsafe-inline/);
    expect(r.headers["x-frame-options"]).toBe("DENY");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["referrer-policy"]).toBe("same-origin");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(r.text).toContain(`nonce="${nonce}"`); // Next's inline scripts carry this request's nonce

    const violations: string[] = [];
    const page = await ctx.newPage();
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto("/breakers");
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 15_000 }); // JS ran, Socket.IO connected
    expect(violations).toEqual([]);
    await page.close();
  });

  it("answers non-path request targets and a doubled Host with 400 in the JSON error shape, on both ports", async () => {
    for (const port of [server.port, server.gatewayPort]) {
      for (const target of ["*", "http://evil.example/x"]) {
        const star = parseRaw(await rawExchange(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
        expect(star.status, `${port} ${target}`).toBe(400);
        expect(star.json?.error?.code, `${port} ${target}`).toBe("bad_request");
      }
      const twice = parseRaw(await rawExchange(port, `GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`));
      expect(twice.status, String(port)).toBe(400);
      expect(twice.json?.error?.code, String(port)).toBe("bad_request");
    }
    expect(server.output()).not.toMatch(/unhandled error while rendering/);
  });

  it("a request whose body never arrives ends in 408 request_timeout, logged as a timeout (not as an unhandled error)", async () => {
    const started = Date.now();
    const partial = `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"user`;
    const r = parseRaw(await rawExchange(server.port, partial));
    expect(r.status).toBe(408);
    expect(r.json?.error?.code).toBe("request_timeout");
    expect(Date.now() - started).toBeLessThan(10_000);
    await waitFor(() => /request timeout: the client did not send the whole request in time/.test(server.output()), 5_000, "the timeout to be logged");
    const errorLines = server.output().split("\n").filter((l) => l.includes('"level":50'));
    expect(errorLines).toEqual([]);
  });
});
