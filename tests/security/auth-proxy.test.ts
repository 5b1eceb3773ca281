// Regression: with BREAKWATER_TRUST_PROXY=true the client address was the leftmost
// X-Forwarded-For entry — written by the client — so varying it escaped the login throttle.
// Now the address is the rightmost hop not added by a trusted proxy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshSqlite, type TestDatabase } from "../helpers/databases";
import { startServer, type RunningServer } from "../helpers/server";
import { ApiClient } from "../helpers/api-client";

const ADMIN_PW = "admin-password-1";

describe("client address behind one trusted proxy (BREAKWATER_TRUST_PROXY=true)", () => {
  let db: TestDatabase;
  let server: RunningServer;
  let admin: ApiClient;

  beforeAll(async () => {
    db = freshSqlite();
    server = await startServer({ databaseUrl: db.url, env: { BREAKWATER_ADMIN_PASSWORD: ADMIN_PW, BREAKWATER_TRUST_PROXY: "true" } });
    admin = new ApiClient(server.url);
    await admin.login("admin", ADMIN_PW);
    await admin.post("/api/v1/users", { username: "ivy", password: "ivy-password-1", role: "viewer" });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  const login = (password: string, xff: string) =>
    new ApiClient(server.url).post("/api/v1/auth/login", { username: "ivy", password }, { "x-forwarded-for": xff });

  it("throttles by the address the proxy saw, however the client fills the left of X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await login(`wrong-${i}`, `203.0.113.${i + 1}, 198.51.100.20`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // the same account from another client address is not locked
    expect((await login("ivy-password-1", "203.0.113.1, 198.51.100.21")).status).toBe(200);
  });

  it("without X-Forwarded-For the peer address is the client's", async () => {
    // 198.51.100.20 is locked for ivy; the peer (127.0.0.1) is a different client
    expect((await new ApiClient(server.url).post("/api/v1/auth/login", { username: "ivy", password: "ivy-password-1" })).status).toBe(200);
    expect((await login("ivy-password-1", "198.51.100.20")).status).toBe(429);
  });
});
