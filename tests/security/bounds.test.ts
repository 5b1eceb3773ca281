// Security issue item 9: a service with an unbounded duration (breaker.waitInOpenMs =
// 9007199254740991) made GET /api/v1/breakers, / and /breakers answer 500 for everyone, even after
// a restart (RangeError: Invalid time value). Such a value is now refused with a 400 naming the
// field; one already stored is clamped when loaded, and the pages keep serving.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../helpers/server";
import { ADMIN_PW, startGateway, startUpstream, waitFor, type GatewayUnderTest, type Upstream } from "../helpers/upstreams";

const HUGE = Number.MAX_SAFE_INTEGER; // 9007199254740991
const DAY_MS = 86_400_000;

describe("unbounded durations cannot poison the pages", () => {
  let g: GatewayUnderTest;
  let up: Upstream;

  beforeAll(async () => {
    g = await startGateway({ provider: "sqlite" });
    up = await startUpstream({ status: 500 });
  });
  afterAll(async () => {
    await g?.stop();
    await up?.close().catch(() => undefined);
  });

  it("a service with breaker.waitInOpenMs = 2^53 − 1 is refused with a 400 naming the field", async () => {
    const r = await g.admin.post("/api/v1/services", { name: "huge", baseUrl: up.url, breaker: { waitInOpenMs: HUGE, maxWaitInOpenMs: HUGE } });
    expect(r.status).toBe(400);
    const paths = (r.json.error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toContain("breaker.waitInOpenMs");
    expect(paths).toContain("breaker.maxWaitInOpenMs");
    expect((await g.viewer.get("/api/v1/services/huge")).status).toBe(404);
  });

  it("an out-of-range record already in the database is clamped at start; the list and pages serve", async () => {
    await g.createService({ name: "stored", baseUrl: up.url, breaker: { consecutiveFailures: 1 }, retry: { maxAttempts: 1 } });
    await g.createService({ name: "healthy", baseUrl: up.url });
    await (await g.gw("stored", "/")).text();
    expect((await g.breaker("stored")).state).toBe("open");
    const port = g.server.port;
    await g.server.stop("SIGTERM"); // writes the breakers' snapshots

    // what a server without bounds stored: the huge open time, and a breaker opened with it
    const file = new URL(g.db.url.replace(/^file:/, "file://")).pathname;
    const db = new Database(file);
    const row = db.prepare(`SELECT config FROM "Service" WHERE name = ?`).get("stored") as { config: string };
    const config = JSON.parse(row.config) as { breaker: Record<string, number> };
    config.breaker.waitInOpenMs = HUGE;
    config.breaker.maxWaitInOpenMs = HUGE;
    db.prepare(`UPDATE "Service" SET config = ? WHERE name = ?`).run(JSON.stringify(config), "stored");
    const snapRow = db.prepare(`SELECT snapshot FROM "BreakerState" WHERE name = ?`).get("stored") as { snapshot: string };
    const snap = JSON.parse(snapRow.snapshot) as Record<string, number>;
    expect(snap.state).toBe("open");
    snap.waitMs = HUGE;
    snap.halfOpenAt = Date.now() + HUGE;
    db.prepare(`UPDATE "BreakerState" SET snapshot = ? WHERE name = ?`).run(JSON.stringify(snap), "stored");
    db.close();

    g.server = await startServer({ databaseUrl: g.db.url, env: { BREAKWATER_ADMIN_PASSWORD: ADMIN_PW, LOG_LEVEL: "warn" }, port });
    const list = await g.viewer.get("/api/v1/breakers");
    expect(list.status).toBe(200);
    const stored = (list.json as { name: string; state: string; halfOpenAt?: string }[]).find((b) => b.name === "stored");
    expect(stored?.state).toBe("open");
    expect(Date.parse(stored!.halfOpenAt!)).toBeLessThanOrEqual(Date.now() + DAY_MS);
    expect((list.json as { name: string }[]).map((b) => b.name).sort()).toEqual(["healthy", "stored"]);

    const service = await g.viewer.get("/api/v1/services/stored");
    expect(service.status).toBe(200);
    expect(service.json.breaker).toMatchObject({ waitInOpenMs: DAY_MS, maxWaitInOpenMs: DAY_MS });
    await waitFor(() => /stored service 'stored': breaker\.waitInOpenMs is out of range/.test(g.server.output()), 5_000, "the clamp warning");

    for (const page of ["/", "/breakers"]) expect((await g.viewer.get(page)).status, page).toBe(200);
  });
});
