// Shared set-up for the dashboard browser tests: a switchable flaky upstream (real node:http),
// users of every role, services declared through the API, and small waiting helpers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { ApiClient } from "./api-client";
import { screenshot, SCREENSHOTS, signedInContext } from "./browser";
import { ROOT } from "./server";

export type FlakyMode = "ok" | "fail" | "hold";

export interface FlakyUpstream {
  url: string;
  mode: FlakyMode;
  /** Requests currently held (mode "hold"). */
  readonly held: number;
  readonly total: number;
  set(mode: FlakyMode): void;
  /** Answers every held request (200) and switches to "ok". */
  release(): void;
  close(): Promise<void>;
}

export async function startFlakyUpstream(): Promise<FlakyUpstream> {
  let mode: FlakyMode = "ok";
  let total = 0;
  const held: http.ServerResponse[] = [];
  const answer = (res: http.ServerResponse, status: number) => {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: status < 400 }));
  };
  const server = http.createServer((req, res) => {
    total++;
    req.resume();
    req.on("end", () => {
      if (mode === "fail") return answer(res, 500);
      if (mode === "hold") {
        held.push(res);
        res.once("close", () => {
          const i = held.indexOf(res);
          if (i >= 0) held.splice(i, 1);
        });
        return;
      }
      answer(res, 200);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return mode;
    },
    get held() {
      return held.length;
    },
    get total() {
      return total;
    },
    set(m) {
      mode = m;
    },
    release() {
      mode = "ok";
      for (const r of held.splice(0)) answer(r, 200);
    },
    async close() {
      for (const r of held.splice(0)) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export const PASSWORDS = { admin: "e2e-admin-pass", operator: "e2e-oper-pass-1", viewer: "e2e-viewer-pass" } as const;

/** Admin client, plus an operator "olga" and a viewer "vera". */
export async function setUpUsers(base: string): Promise<ApiClient> {
  const admin = new ApiClient(base);
  await admin.login("admin", PASSWORDS.admin);
  for (const [username, role] of [
    ["olga", "operator"],
    ["vera", "viewer"],
  ] as const) {
    const r = await admin.post("/api/v1/users", { username, password: PASSWORDS[role], role });
    if (r.status !== 201 && r.status !== 200) throw new Error(`creating ${username}: ${r.status} ${r.text}`);
  }
  return admin;
}

export async function declareService(admin: ApiClient, service: Record<string, unknown>): Promise<void> {
  const r = await admin.post("/api/v1/services", service);
  if (r.status !== 201) throw new Error(`creating service: ${r.status} ${r.text}`);
}

/** Loads `path` and waits until it is rendered and hydrated: the live indicator connects (the 404 page has none). */
export async function openPage(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.locator("main").first().waitFor();
  if (path !== "/no-such-page") await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 15_000 });
}

/** Operator "olga" and viewer "vera", each signed in on their own page at `path` (the viewer's context may differ, e.g. a phone in the light theme). */
export async function operatorAndViewer(
  browser: Browser,
  baseURL: string,
  path: string,
  viewerOptions?: BrowserContextOptions,
): Promise<{ opCtx: BrowserContext; viewCtx: BrowserContext; op: Page; viewer: Page }> {
  const [op, viewer] = await Promise.all([livePage(browser, baseURL, "olga", PASSWORDS.operator, path), livePage(browser, baseURL, "vera", PASSWORDS.viewer, path, viewerOptions)]);
  return { opCtx: op.context(), viewCtx: viewer.context(), op, viewer };
}

/** A page in a new browser context on `baseUrl`, signed in as `username` (through the API) and showing `then` live. */
export async function livePage(browser: Browser, baseUrl: string, username: string, password: string, then = "/", options?: BrowserContextOptions): Promise<Page> {
  const page = await (await signedInContext(browser, baseUrl, username, password, options)).newPage();
  await openPage(page, then);
  return page;
}

/** test-results/screenshots/<name>.png; with UPDATE_DOCS_SCREENSHOTS=1 also docs/screenshots/ when `docs` is set. */
export async function shot(page: Page, name: string, docs = false): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
  if (docs && process.env.UPDATE_DOCS_SCREENSHOTS === "1") {
    const dir = path.join(ROOT, "docs", "screenshots");
    mkdirSync(dir, { recursive: true });
    copyFileSync(path.join(SCREENSHOTS, `${name}.png`), path.join(dir, `${name}.png`));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
