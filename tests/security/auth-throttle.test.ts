// Regression: the login throttle counted failures after the password check, so parallel attempts
// all slipped through (100 concurrent wrong passwords: 100×401; a burst of 30 with the right one
// last: 29×401 + 200). Now at most 5 attempts per username+IP are evaluated in 15 minutes, on
// SQLite, on PostgreSQL, and across two instances sharing one PostgreSQL database. The
// single-instance tests on PostgreSQL run on the first of those two instances (other usernames);
// the suites run side by side.
import { describe, expect, it } from "vitest";
import { PROVIDERS } from "../helpers/databases";
import { ApiClient } from "../helpers/api-client";
import { serverForSuite, twoInstancesForSuite } from "./auth-fixture";

type Outcome = { status: number; retryAfter: string | null };

async function attempt(url: string, username: string, password: string): Promise<Outcome> {
  const r = await new ApiClient(url).post("/api/v1/auth/login", { username, password });
  return { status: r.status, retryAfter: r.headers.get("retry-after") };
}

function tally(outcomes: Outcome[]): Record<number, number> {
  const t: Record<number, number> = {};
  for (const o of outcomes) t[o.status] = (t[o.status] ?? 0) + 1;
  return t;
}

function expectThrottled(outcomes: Outcome[], total: number) {
  const t = tally(outcomes);
  expect(Object.keys(t).sort(), JSON.stringify(t)).toEqual(["401", "429"]);
  // exactly 5 evaluated; everything else refused before the password was looked at
  expect(t[401]).toBe(5);
  expect(t[429]).toBe(total - t[401]!);
  for (const o of outcomes.filter((x) => x.status === 429)) {
    const seconds = Number(o.retryAfter);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
  }
}

const onSqlite = serverForSuite("sqlite");
const two = twoInstancesForSuite();

describe.concurrent.each(PROVIDERS)("login throttle under parallel attempts on %s", (provider) => {
  const s = {
    get server() {
      return provider === "sqlite" ? onSqlite.server : two.a;
    },
    get admin() {
      return provider === "sqlite" ? onSqlite.admin : two.adminA;
    },
  };

  it.sequential("evaluates at most 5 of 100 concurrent wrong passwords; the rest get 429 with Retry-After", async ({ expect }) => {
    await s.admin.post("/api/v1/users", { username: "paula", password: "paula-password-1", role: "viewer" });
    const outcomes = await Promise.all(Array.from({ length: 100 }, (_, i) => attempt(s.server.url, "paula", `wrong-${i}`)));
    expectThrottled(outcomes, 100);
    // and the lock holds for the right password too
    expect((await attempt(s.server.url, "paula", "paula-password-1")).status).toBe(429);
  });

  it.sequential("a burst of 30 with the right password last does not get in", async ({ expect }) => {
    await s.admin.post("/api/v1/users", { username: "burt", password: "burt-password-1", role: "viewer" });
    const wrong = Array.from({ length: 29 }, (_, i) => attempt(s.server.url, "burt", `wrong-${i}`));
    const right = attempt(s.server.url, "burt", "burt-password-1");
    const outcomes = await Promise.all([...wrong, right]);
    expectThrottled(outcomes, 30);
    expect((await right).status).toBe(429);
  });

  it.sequential("keys by username: another account from the same address is not locked", async ({ expect }) => {
    await s.admin.post("/api/v1/users", { username: "other", password: "other-password-1", role: "viewer" });
    await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(s.server.url, "locked-out", `wrong-${i}`)));
    expect((await attempt(s.server.url, "other", "other-password-1")).status).toBe(200);
  });
});

describe.concurrent("login throttle across two instances sharing one PostgreSQL database", () => {
  it("evaluates at most 5 attempts in total when 80 are split over both instances", async ({ expect }) => {
    const { a, b, adminA: admin } = two;
    await admin.post("/api/v1/users", { username: "carla", password: "carla-password-1", role: "viewer" });
    const outcomes = await Promise.all(
      Array.from({ length: 80 }, (_, i) => attempt(i % 2 === 0 ? a.url : b.url, "carla", `wrong-${i}`)),
    );
    expectThrottled(outcomes, 80);
    // the other instance sees the same lock
    expect((await attempt(b.url, "carla", "carla-password-1")).status).toBe(429);
    expect((await attempt(a.url, "carla", "carla-password-1")).status).toBe(429);
  });
});
