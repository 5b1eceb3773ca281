// Regression: with BREAKWATER_TRUST_PROXY=true the client address was the leftmost
// X-Forwarded-For entry — written by the client — so varying it escaped the login throttle.
// Now the address is the rightmost hop not added by a trusted proxy.
import { beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { serverForSuite } from "./auth-fixture";

describe("client address behind one trusted proxy (BREAKWATER_TRUST_PROXY=true)", () => {
  const s = serverForSuite("sqlite", { BREAKWATER_TRUST_PROXY: "true" });
  beforeAll(async () => {
    await s.admin.post("/api/v1/users", { username: "ivy", password: "ivy-password-1", role: "viewer" });
  });

  const login = (password: string, xff: string) =>
    new ApiClient(s.server.url).post("/api/v1/auth/login", { username: "ivy", password }, { "x-forwarded-for": xff });

  it("throttles by the address the proxy saw, however the client fills the left of X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await login(`wrong-${i}`, `203.0.113.${i + 1}, 198.51.100.20`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // the same account from another client address is not locked
    expect((await login("ivy-password-1", "203.0.113.1, 198.51.100.21")).status).toBe(200);
  });

  it("without X-Forwarded-For the peer address is the client's", async () => {
    // 198.51.100.20 is locked for ivy; the peer (127.0.0.1) is a different client
    expect((await new ApiClient(s.server.url).post("/api/v1/auth/login", { username: "ivy", password: "ivy-password-1" })).status).toBe(200);
    expect((await login("ivy-password-1", "198.51.100.20")).status).toBe(429);
  });
});
