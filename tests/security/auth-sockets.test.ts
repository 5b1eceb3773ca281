// Regressions: a Socket.IO connection outlived its credential (a revoked token kept receiving
// audit entries; a session socket outlived the session's expiry), and a cookie handshake from a
// foreign Origin was accepted. Now revocation, expiry, password, role and disabled changes close
// live sockets within 5 s (on another instance too, through the periodic re-check), and cookie
// handshakes are accepted only from this site's origin. The three suites (each on its own
// servers) run side by side.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { PROVIDERS } from "../helpers/databases";
import { ApiClient } from "../helpers/api-client";
import { ADMIN_PW, serverForSuite, twoInstancesForSuite } from "./auth-fixture";
const WITHIN_MS = 5_000;

type Opened = { socket: Socket; snapshot?: any; error?: Error & { data?: { code?: string } } };

const sockets: Socket[] = [];
afterAll(() => sockets.forEach((s) => s.close()));

function open(url: string, opts: { cookie?: string; token?: string; origin?: string }): Promise<Opened> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.origin) headers.origin = opts.origin;
    const socket = connect(url, {
      path: "/socket.io",
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: headers,
      auth: opts.token ? { token: opts.token } : undefined,
    });
    sockets.push(socket);
    socket.once("snapshot", (snapshot) => resolve({ socket, snapshot }));
    socket.once("connect_error", (error) => resolve({ socket, error }));
  });
}

/** Resolves with the time from `change()` to the socket's disconnection (rejects after 8 s). */
async function disconnectedAfter(socket: Socket, change: () => Promise<unknown>): Promise<number> {
  expect(socket.connected).toBe(true);
  const gone = new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("socket still connected 8 s after the change")), 8_000);
    socket.once("disconnect", () => {
      clearTimeout(t);
      resolve(Date.now());
    });
  });
  const start = Date.now();
  await change();
  return (await gone) - start;
}

describe.concurrent.each(PROVIDERS)("live sockets follow their credentials on %s", (provider) => {
  const s = serverForSuite(provider);
  beforeAll(async () => {
    for (const [username, role] of [["vic", "viewer"], ["pat", "viewer"], ["rob", "operator"], ["dan", "viewer"]] as const) {
      await s.admin.post("/api/v1/users", { username, password: `${username}-password-1`, role });
    }
  });

  async function signedIn(username: string): Promise<ApiClient> {
    const c = new ApiClient(s.server.url);
    await c.login(username, `${username}-password-1`);
    return c;
  }

  it.sequential("a revoked token's socket stops receiving audit entries and is closed", async ({ expect }) => {
    const created = await s.admin.post("/api/v1/tokens", { name: "watcher", role: "viewer" });
    const { socket, snapshot } = await open(s.server.url, { token: created.json.token });
    expect(snapshot.user.username).toBe("token:watcher");
    await socket.emitWithAck("subscribe", ["audit"]);
    const entries: any[] = [];
    socket.on("audit:entry", (e) => entries.push(e));
    const ms = await disconnectedAfter(socket, () => s.admin.delete(`/api/v1/tokens/${created.json.id}`));
    expect(ms).toBeLessThan(WITHIN_MS);
    await s.admin.post("/api/v1/users", { username: "after-revoke", password: "after-revoke-1", role: "viewer" });
    await new Promise((r) => setTimeout(r, 300));
    expect(entries.map((e) => e.target)).not.toContain("user:after-revoke");
    // and it cannot come back
    const again = await open(s.server.url, { token: created.json.token });
    expect(again.error?.data?.code).toBe("unauthorized");
  });

  it.sequential("a password change closes the user's session sockets", async ({ expect }) => {
    const vic = await signedIn("vic");
    const { socket } = await open(s.server.url, { cookie: vic.cookie });
    const ms = await disconnectedAfter(socket, () => s.admin.patch("/api/v1/users/vic", { password: "vic-password-2" }));
    expect(ms).toBeLessThan(WITHIN_MS);
  });

  it.sequential("disabling a user closes their session sockets and their tokens' sockets", async ({ expect }) => {
    await s.admin.patch("/api/v1/users/dan", { role: "admin" });
    const dan = await signedIn("dan");
    const token = (await dan.post("/api/v1/tokens", { name: "dan-bot", role: "viewer" })).json.token as string;
    const bySession = await open(s.server.url, { cookie: dan.cookie });
    const byToken = await open(s.server.url, { token });
    const both = Promise.all([disconnectedAfter(bySession.socket, async () => undefined), disconnectedAfter(byToken.socket, async () => undefined)]);
    const start = Date.now();
    await s.admin.patch("/api/v1/users/dan", { disabled: true });
    await both;
    expect(Date.now() - start).toBeLessThan(WITHIN_MS);
  });

  it.sequential("a role change closes the socket so it reconnects with the new role", async ({ expect }) => {
    const rob = await signedIn("rob");
    const { socket, snapshot } = await open(s.server.url, { cookie: rob.cookie });
    expect(snapshot.user.role).toBe("operator");
    const ms = await disconnectedAfter(socket, () => s.admin.patch("/api/v1/users/rob", { role: "viewer" }));
    expect(ms).toBeLessThan(WITHIN_MS);
    const again = await open(s.server.url, { cookie: rob.cookie });
    expect(again.snapshot.user.role).toBe("viewer");
  });

  it.sequential("accepts a cookie handshake only from this site's origin; a token needs no Origin", async ({ expect }) => {
    const pat = await signedIn("pat");
    const foreign = await open(s.server.url, { cookie: pat.cookie, origin: "https://evil.example" });
    expect(foreign.error?.data?.code).toBe("forbidden_origin");
    const own = await open(s.server.url, { cookie: pat.cookie, origin: s.server.url });
    expect(own.snapshot.user.username).toBe("pat");
    const noOrigin = await open(s.server.url, { cookie: pat.cookie });
    expect(noOrigin.snapshot.user.username).toBe("pat");
    const token = (await s.admin.post("/api/v1/tokens", { name: "origin-less", role: "viewer" })).json.token as string;
    expect((await open(s.server.url, { token })).snapshot.user.username).toBe("token:origin-less");
    expect((await open(s.server.url, { token, origin: "https://elsewhere.example" })).snapshot).toBeDefined();
  });
});

describe.concurrent("session expiry and changes made on another instance (two instances, one PostgreSQL)", () => {
  // 0.001 h: sessions last 3.6 s
  const two = twoInstancesForSuite({ BREAKWATER_SESSION_TTL_HOURS: "0.001" });

  it("closes a session socket within 5 s of the session's expiry", async ({ expect }) => {
    const c = new ApiClient(two.a.url);
    const r = await c.login("admin", ADMIN_PW);
    const expiresAt = Date.parse(r.json.expiresAt as string);
    const { socket } = await open(two.a.url, { cookie: c.cookie });
    expect(socket.connected).toBe(true);
    const closedAt = await new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("still connected 10 s after expiry")), expiresAt - Date.now() + 10_000);
      socket.once("disconnect", () => (clearTimeout(t), resolve(Date.now())));
    });
    expect(closedAt).toBeGreaterThanOrEqual(expiresAt - 50);
    expect(closedAt - expiresAt).toBeLessThan(WITHIN_MS);
  });

  it("closes a socket on instance B when its token is revoked through instance A", async ({ expect }) => {
    const adminA = new ApiClient(two.a.url);
    await adminA.login("admin", ADMIN_PW);
    const created = await adminA.post("/api/v1/tokens", { name: "on-b", role: "viewer" });
    const { socket, snapshot } = await open(two.b.url, { token: created.json.token });
    expect(snapshot.user.username).toBe("token:on-b");
    const ms = await disconnectedAfter(socket, () => adminA.delete(`/api/v1/tokens/${created.json.id}`));
    expect(ms).toBeLessThan(WITHIN_MS);
  });
});
