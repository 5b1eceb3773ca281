// Start-up, restart, readiness and shutdown of the real server process. The tests are independent
// (each on its own database) and run side by side.
import { afterAll, describe, it } from "vitest";
import pg from "pg";
import Database from "better-sqlite3";
import { freshPostgres, freshSqlite, type TestDatabase } from "../helpers/databases";
import { ROOT, runServerToExit, startServer } from "../helpers/server";
import { ApiClient } from "../helpers/api-client";
import { parseDatabaseUrl } from "@/server/config";
import { migrate } from "@/server/persistence/migrator";

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

describe.concurrent("first start and restart (SQLite)", () => {
  it("creates admin once with a generated password that signs in, applies migrations once, and keeps sessions across a restart (they live in the database)", async ({ expect }) => {
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

    // on the same port, so that the session cookie of the first run goes to the second
    const second = await startServer({ databaseUrl: db.url, port: first.port });
    expect(second.output()).not.toMatch(/password:/);
    expect(second.output()).toMatch(/database schema is up to date/);
    expect((await c.get("/api/v1/auth/me")).json.username).toBe("admin");
    const again = new ApiClient(second.url);
    await again.login("admin", printed![1]!);
    expect((await again.get("/api/v1/users")).json.map((u: { username: string }) => u.username)).toEqual(["admin"]);
    await second.stop();
  });

  it("refuses to start on a database migrated by a newer version, saying why", async ({ expect }) => {
    const db = freshSqlite();
    dbs.push(db);
    await migrate(parseDatabaseUrl(db.url, ROOT), ROOT); // what a first start does to the database
    const d = new Database(db.url.slice("file:".length));
    d.prepare("INSERT INTO _breakwater_migrations (name, applied_at) VALUES ('29990101000000_future', 'x')").run();
    d.close();
    const r = await runServerToExit({ databaseUrl: db.url });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/migrated by a newer version/);
  });

  it("refuses an invalid configuration with a message naming the variable", async ({ expect }) => {
    const r = await runServerToExit({ databaseUrl: "mysql://nope" });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/DATABASE_URL/);
  });
});

describe.concurrent("PostgreSQL", () => {
  it("starts the same way, and /readyz names the database when it becomes unreachable", async ({ expect }) => {
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
