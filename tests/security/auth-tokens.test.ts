// Regressions: an admin token minted by admin2 kept creating users after admin2 was disabled
// (tokens now act for their owner: dead while the owner is disabled, capped at the owner's role);
// unknown fields in user, token and login bodies were silently ignored (now 400 naming them).
// SQLite and PostgreSQL side by side.
import { describe, expect, it } from "vitest";
import { PROVIDERS } from "../helpers/databases";
import { ApiClient } from "../helpers/api-client";
import { ADMIN_PW, serverForSuite } from "./auth-fixture";

describe.concurrent.each(PROVIDERS)("tokens act for their owner on %s", (provider) => {
  const s = serverForSuite(provider);

  async function adminWithToken(username: string) {
    expect((await s.admin.post("/api/v1/users", { username, password: `${username}-password-1`, role: "admin" })).status).toBe(201);
    const owner = new ApiClient(s.server.url);
    await owner.login(username, `${username}-password-1`);
    const created = await owner.post("/api/v1/tokens", { name: `${username}-ci`, role: "admin" });
    expect(created.status).toBe(201);
    return new ApiClient(s.server.url, { bearer: created.json.token as string, origin: null });
  }

  it.sequential("a disabled owner's token stops working at once, and works again when the owner is enabled", async ({ expect }) => {
    const bot = await adminWithToken("admin2");
    expect((await bot.post("/api/v1/users", { username: "made-by-bot", password: "bot-password-1", role: "viewer" })).status).toBe(201);
    expect((await s.admin.patch("/api/v1/users/admin2", { disabled: true })).status).toBe(200);
    const refused = await bot.post("/api/v1/users", { username: "made-later", password: "bot-password-1", role: "viewer" });
    expect(refused.status).toBe(401);
    expect((await bot.get("/api/v1/auth/me")).status).toBe(401);
    expect((await s.admin.get("/api/v1/users")).json.map((u: { username: string }) => u.username)).not.toContain("made-later");
    await s.admin.patch("/api/v1/users/admin2", { disabled: false });
    expect((await bot.get("/api/v1/auth/me")).json).toMatchObject({ role: "admin", via: "token" });
  });

  it.sequential("caps a token at its owner's current role", async ({ expect }) => {
    const bot = await adminWithToken("admin3");
    expect((await s.admin.patch("/api/v1/users/admin3", { role: "operator" })).status).toBe(200);
    expect((await bot.get("/api/v1/auth/me")).json).toEqual({ username: "token:admin3-ci", role: "operator", via: "token" });
    const r = await bot.post("/api/v1/users", { username: "not-allowed", password: "bot-password-1", role: "viewer" });
    expect(r.status).toBe(403);
    await s.admin.patch("/api/v1/users/admin3", { role: "viewer" });
    expect((await bot.get("/api/v1/auth/me")).json.role).toBe("viewer");
  });

  it.sequential("a token minted by a token acts for the same owner", async ({ expect }) => {
    const bot = await adminWithToken("admin4");
    const child = await bot.post("/api/v1/tokens", { name: "child", role: "admin" });
    expect(child.status).toBe(201);
    const childBot = new ApiClient(s.server.url, { bearer: child.json.token as string, origin: null });
    expect((await childBot.get("/api/v1/auth/me")).json.role).toBe("admin");
    await s.admin.patch("/api/v1/users/admin4", { disabled: true });
    expect((await childBot.get("/api/v1/auth/me")).status).toBe(401);
  });

  it.sequential("refuses unknown fields in user, token and login bodies with 400 naming the field", async ({ expect }) => {
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      ["POST", "/api/v1/users", { username: "strict", password: "strict-password-1", role: "viewer", isAdmin: true }, "isAdmin"],
      ["PATCH", "/api/v1/users/admin2", { role: "viewer", superuser: true }, "superuser"],
      ["POST", "/api/v1/tokens", { name: "t", role: "viewer", expiresIn: 5 }, "expiresIn"],
      ["POST", "/api/v1/auth/login", { username: "admin", password: ADMIN_PW, remember: true }, "remember"],
    ];
    for (const [method, path, body, field] of cases) {
      const r = await s.admin.request(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(400);
      expect(r.json.error.code).toBe("validation_failed");
      expect(r.json.error.details).toContainEqual({ path: field, message: "is not a known field" });
    }
    expect((await s.admin.get("/api/v1/users")).json.map((u: { username: string }) => u.username)).not.toContain("strict");
  });
});
