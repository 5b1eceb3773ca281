// Authentication, roles, origin checks, throttling, tokens and Socket.IO handshake auth, against the
// real server process on SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { freshDatabase, PROVIDERS, type TestDatabase } from "../helpers/databases";
import { startServer, type RunningServer } from "../helpers/server";
import { ApiClient } from "../helpers/api-client";

const ADMIN_PW = "admin-password-1";

function socketFor(url: string, opts: { cookie?: string; token?: string }): Promise<{ socket: Socket; snapshot?: any; error?: Error }> {
  return new Promise((resolve) => {
    const socket = connect(url, {
      path: "/socket.io",
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: opts.cookie ? { cookie: opts.cookie } : undefined,
      auth: opts.token ? { token: opts.token } : undefined,
    });
    socket.once("snapshot", (snapshot) => resolve({ socket, snapshot }));
    socket.once("connect_error", (error) => resolve({ socket, error }));
  });
}

describe.concurrent.each(PROVIDERS)("auth API on %s", (provider) => {
  let db: TestDatabase;
  let server: RunningServer;
  let admin: ApiClient;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    server = await startServer({ databaseUrl: db.url, env: { BREAKWATER_ADMIN_PASSWORD: ADMIN_PW } });
    admin = new ApiClient(server.url);
    await admin.login("admin", ADMIN_PW);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it.sequential("answers 401 without credentials, in the JSON error shape", async ({ expect }) => {
    const anon = new ApiClient(server.url);
    for (const path of ["/api/v1/auth/me", "/api/v1/users", "/api/v1/audit"]) {
      const r = await anon.get(path);
      expect(r.status, path).toBe(401);
      expect(r.json.error.code).toBe("unauthorized");
    }
  });

  it.sequential("signs in with the bootstrap admin and reports who is signed in", async ({ expect }) => {
    const me = await admin.get("/api/v1/auth/me");
    expect(me.json).toEqual({ username: "admin", role: "admin", via: "session" });
  });

  it.sequential("sets an httpOnly, SameSite=Lax session cookie with an expiry", async ({ expect }) => {
    const c = new ApiClient(server.url);
    const r = await c.login("admin", ADMIN_PW);
    const cookie = r.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^bw_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Expires=/);
    expect(cookie).not.toMatch(/Secure/); // served over plain http here
  });

  it.sequential("rejects a wrong password with 401 and records the failure in the audit trail", async ({ expect }) => {
    const c = new ApiClient(server.url);
    const r = await c.post("/api/v1/auth/login", { username: "admin", password: "wrong-password" });
    expect(r.status).toBe(401);
    expect(r.json.error.message).toMatch(/wrong username or password/);
    const audit = await admin.get("/api/v1/audit?action=auth.login_failed");
    expect(audit.json[0]).toMatchObject({ actor: "admin", action: "auth.login_failed" });
  });

  it.sequential("answers 400 validation_failed with one detail per bad field", async ({ expect }) => {
    const r = await admin.post("/api/v1/users", { username: "x", password: "short", role: "boss" });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe("validation_failed");
    expect(r.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["password", "role", "username"]);
    const bad = await admin.request("POST", "/api/v1/users", "{not json");
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("(body)");
  });

  it.sequential("creates users, refuses duplicates with 409, and audits every change", async ({ expect }) => {
    const r = await admin.post("/api/v1/users", { username: "vera", password: "viewer-pass-1", role: "viewer" });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ username: "vera", role: "viewer", disabled: false });
    expect(r.json.passwordHash).toBeUndefined();
    const dup = await admin.post("/api/v1/users", { username: "vera", password: "viewer-pass-1", role: "viewer" });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe("conflict");
    const audit = await admin.get("/api/v1/audit?target=user:vera");
    expect(audit.json[0]).toMatchObject({ actor: "admin", action: "user.create", after: { role: "viewer" } });
  });

  it.sequential("refuses a viewer the admin API with 403", async ({ expect }) => {
    const viewer = new ApiClient(server.url);
    await viewer.login("vera", "viewer-pass-1");
    const list = await viewer.get("/api/v1/users");
    expect(list.status).toBe(403);
    expect(list.json.error.code).toBe("forbidden");
    const create = await viewer.post("/api/v1/tokens", { name: "x", role: "admin" });
    expect(create.status).toBe(403);
    // …but reading the audit trail is open to every role
    expect((await viewer.get("/api/v1/audit")).status).toBe(200);
  });

  it.sequential("refuses a cross-origin mutation made with a session cookie (403), and one with no Origin at all", async ({ expect }) => {
    const evil = new ApiClient(server.url, { origin: "http://evil.example" });
    evil.cookie = admin.cookie;
    const r = await evil.post("/api/v1/users", { username: "mallory", password: "mallory-pass", role: "admin" });
    expect(r.status).toBe(403);
    expect(r.json.error.message).toMatch(/cross-origin/);
    const bare = new ApiClient(server.url, { origin: null });
    bare.cookie = admin.cookie;
    expect((await bare.post("/api/v1/users", { username: "mallory", password: "mallory-pass", role: "admin" })).status).toBe(403);
    expect((await admin.get("/api/v1/users")).json.map((u: { username: string }) => u.username)).not.toContain("mallory");
  });

  it.sequential("changes a role, disables a user (ending their sessions) and resets a password", async ({ expect }) => {
    const vera = new ApiClient(server.url);
    await vera.login("vera", "viewer-pass-1");
    const promoted = await admin.patch("/api/v1/users/vera", { role: "operator" });
    expect(promoted.json.role).toBe("operator");
    expect((await vera.get("/api/v1/auth/me")).json.role).toBe("operator");
    await admin.patch("/api/v1/users/vera", { disabled: true });
    expect((await vera.get("/api/v1/auth/me")).status).toBe(401);
    const again = await new ApiClient(server.url).post("/api/v1/auth/login", { username: "vera", password: "viewer-pass-1" });
    expect(again.status).toBe(401);
    await admin.patch("/api/v1/users/vera", { disabled: false, password: "new-viewer-pass" });
    await new ApiClient(server.url).login("vera", "new-viewer-pass");
    expect((await admin.patch("/api/v1/users/nobody", { role: "admin" })).status).toBe(404);
    expect((await admin.patch("/api/v1/users/admin", { disabled: true })).status).toBe(409);
  });

  it.sequential("throttles after 5 failed logins for a username and IP: 429 with Retry-After", async ({ expect }) => {
    await admin.post("/api/v1/users", { username: "tom", password: "tom-password-1", role: "viewer" });
    const c = new ApiClient(server.url);
    for (let i = 0; i < 5; i++) {
      expect((await c.post("/api/v1/auth/login", { username: "tom", password: `bad-${i}` })).status).toBe(401);
    }
    const r = await c.post("/api/v1/auth/login", { username: "tom", password: "tom-password-1" });
    expect(r.status).toBe(429);
    expect(r.json.error.code).toBe("too_many_attempts");
    const retryAfter = Number(r.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // other users are not affected
    await new ApiClient(server.url).login("vera", "new-viewer-pass");
  });

  it.sequential("issues API tokens shown once, which work as bearer tokens until revoked", async ({ expect }) => {
    const created = await admin.post("/api/v1/tokens", { name: "ci", role: "operator" });
    expect(created.status).toBe(201);
    const token: string = created.json.token;
    expect(token).toMatch(/^bwt_/);
    const listed = await admin.get("/api/v1/tokens");
    expect(JSON.stringify(listed.json)).not.toContain(token);
    const bot = new ApiClient(server.url, { bearer: token, origin: null });
    expect((await bot.get("/api/v1/auth/me")).json).toEqual({ username: "token:ci", role: "operator", via: "token" });
    expect((await bot.get("/api/v1/users")).status).toBe(403); // operator < admin
    const revoked = await admin.delete(`/api/v1/tokens/${created.json.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.json.revokedAt).not.toBeNull();
    expect((await bot.get("/api/v1/auth/me")).status).toBe(401);
    expect((await admin.delete("/api/v1/tokens/does-not-exist")).status).toBe(404);
    const audit = await admin.get(`/api/v1/audit?target=token:${created.json.id}`);
    expect(audit.json.map((e: { action: string }) => e.action)).toEqual(["token.revoke", "token.create"]);
  });

  it.sequential("refuses Socket.IO connections without credentials and accepts a session or a token", async ({ expect }) => {
    const anon = await socketFor(server.url, {});
    expect(anon.error?.message).toBe("unauthorized");
    anon.socket.close();
    const withCookie = await socketFor(server.url, { cookie: admin.cookie });
    expect(withCookie.snapshot.user).toEqual({ username: "admin", role: "admin" });
    withCookie.socket.close();
    const bad = await socketFor(server.url, { token: "bwt_not-a-real-token" });
    expect(bad.error?.message).toBe("unauthorized");
    bad.socket.close();
  });

  it.sequential("pushes new audit entries to subscribed sockets", async ({ expect }) => {
    const { socket } = await socketFor(server.url, { cookie: admin.cookie });
    await socket.emitWithAck("subscribe", ["audit"]);
    const got = new Promise<any>((resolve) => socket.once("audit:entry", resolve));
    await admin.post("/api/v1/tokens", { name: "live", role: "viewer" });
    expect(await got).toMatchObject({ actor: "admin", action: "token.create" });
    socket.close();
  });

  it.sequential("logout revokes the session: the cookie stops working and its socket is disconnected", async ({ expect }) => {
    const c = new ApiClient(server.url);
    await c.login("admin", ADMIN_PW);
    const sessionCookie = c.cookie!;
    const { socket } = await socketFor(server.url, { cookie: sessionCookie });
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    const out = await c.post("/api/v1/auth/logout");
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect(await disconnected).toBe("io server disconnect");
    const replay = new ApiClient(server.url);
    replay.cookie = sessionCookie;
    expect((await replay.get("/api/v1/auth/me")).status).toBe(401);
    const audit = await admin.get("/api/v1/audit?action=auth.logout");
    expect(audit.json[0]).toMatchObject({ actor: "admin", action: "auth.logout" });
  });

  it.sequential("answers unknown API paths with 404 not_found, and /gw/… with 404 moved_to_gateway_port (the gateway has its own port)", async ({ expect }) => {
    const r = await admin.get("/api/v1/nope");
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe("not_found");
    const gw = await admin.get("/gw/payments/charge");
    expect(gw.status).toBe(404);
    expect(gw.json.error.code).toBe("moved_to_gateway_port");
    expect(gw.json.error.message).toContain(`:${server.gatewayPort}/payments/charge`);
    const unknown = await fetch(`${server.gatewayUrl}/payments/charge`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("unknown_service");
    expect(unknown.headers.get("x-breakwater-reason")).toBe("unknown_service");
  });

  it.sequential("serves an OpenAPI 3.1 document generated from the schemas", async ({ expect }) => {
    const r = await new ApiClient(server.url).get("/api/v1/openapi.json");
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe("3.1.0");
    expect(Object.keys(r.json.paths)).toEqual(expect.arrayContaining(["/api/v1/auth/login", "/api/v1/users", "/api/v1/tokens/{id}", "/api/v1/audit"]));
    expect(r.json.paths["/api/v1/users"].post.requestBody.content["application/json"].schema.properties.role.enum).toEqual(["viewer", "operator", "admin"]);
  });

  it.sequential("filters the audit trail by query and validates the query", async ({ expect }) => {
    const bad = await admin.get("/api/v1/audit?limit=0");
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("limit");
    const page = await admin.get("/api/v1/audit?limit=2");
    expect(page.json).toHaveLength(2);
    const next = await admin.get(`/api/v1/audit?limit=2&before=${encodeURIComponent(page.headers.get("x-next-before")!)}`);
    expect(next.json[0].at < page.json[1].at).toBe(true);
  });
});
