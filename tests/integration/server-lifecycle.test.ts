// Start-up, restart, readiness and shutdown of the real server process.
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import Database from "better-sqlite3";
import { freshPostgres, freshSqlite, type TestDatabase } from "../helpers/databases";
import { runServerToExit, startServer } from "../helpers/server";
import { ApiClient } from "../helpers/api-client";

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

describe("first start and restart (SQLite)", () => {
  it("creates admin once with a generated password that signs in, and applies migrations once", async () => {
    const db = freshSqlite();
    dbs.push(db);
    const first = await startServer({ databaseUrl: db.url });
    const printed = /password: (\S+)/.exec(first.output());
    expect(printed, first.output()).not.toBeNull();
    const c = new ApiClient(first.url);
    await c.login("admin", printed![1]!);
    expect(first.output()).toMatch(/applied [1-9]\d* database migration/);
    expect(await first.stop("SIGTERM")).toBe(0);
    expect(first.output()).toMatch(/shutting down/);

    const second = await startServer({ databaseUrl: db.url });
    expect(second.output()).not.toMatch(/password:/);
    expect(second.output()).toMatch(/database schema is up to date/);
    const again = new ApiClient(second.url);
    await again.login("admin", printed![1]!);
    expect((await again.get("/api/v1/users")).json.map((u: { username: string }) => u.username)).toEqual(["admin"]);
    await second.stop();
  });

  it("keeps sessions across a restart (they live in the database)", async () => {
    const db = freshSqlite();
    dbs.push(db);
    const a = await startServer({ databaseUrl: db.url, env: { BREAKWATER_ADMIN_PASSWORD: "restart-pass-1" } });
    const c = new ApiClient(a.url);
    await c.login("admin", "restart-pass-1");
    await a.stop();
    const b = await startServer({ databaseUrl: db.url, port: a.port });
    expect((await c.get("/api/v1/auth/me")).json.username).toBe("admin");
    await b.stop();
  });

  it("refuses to start on a database migrated by a newer version, saying why", async () => {
    const db = freshSqlite();
    dbs.push(db);
    const a = await startServer({ databaseUrl: db.url });
    await a.stop();
    const d = new Database(db.url.slice("file:".length));
    d.prepare("INSERT INTO _breakwater_migrations (name, applied_at) VALUES ('29990101000000_future', 'x')").run();
    d.close();
    const r = await runServerToExit({ databaseUrl: db.url });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/migrated by a newer version/);
  });

  it("refuses an invalid configuration with a message naming the variable", async () => {
    const r = await runServerToExit({ databaseUrl: "mysql://nope" });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/DATABASE_URL/);
  });
});

describe("PostgreSQL", () => {
  it("starts the same way, and /readyz names the database when it becomes unreachable", async () => {
    const db = await freshPostgres();
    const s = await startServer({ databaseUrl: db.url, env: { BREAKWATER_ADMIN_PASSWORD: "pg-admin-pass" } });
    await new ApiClient(s.url).login("admin", "pg-admin-pass");
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(200);
    await db.drop(); // terminates the server's connections and removes the database
    const notReady = await fetch(`${s.url}/readyz`);
    expect(notReady.status).toBe(503);
    const body = (await notReady.json()) as { failing: string[]; message: string };
    expect(body.failing).toEqual(["database"]);
    expect(body.message).toMatch(/database unreachable/);
    // liveness is unaffected
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    await s.stop();
    const check = new pg.Client({ connectionString: db.url });
    await expect(check.connect()).rejects.toThrow();
  });
});
