// The persistence suite runs against SQLite and the real PostgreSQL server, each in a fresh database.
import { afterAll, beforeAll, describe, it } from "vitest";
import Database from "better-sqlite3";
import pg from "pg";
import { readFileSync } from "node:fs";
import path from "node:path";
import { freshDatabase, PROVIDERS, type TestDatabase } from "../helpers/databases";
import { ROOT } from "../helpers/server";
import { parseDatabaseUrl } from "@/server/config";
import { DatabaseNewerThanCodeError, loadMigrations, migrate } from "@/server/persistence/migrator";
import { createPersistence, type Persistence } from "@/server/persistence";

const modelNames = (): string[] =>
  [...readFileSync(path.join(ROOT, "prisma/schema.prisma"), "utf8").matchAll(/^model\s+(\w+)\s*\{/gm)].map((m) => m[1]!).sort();

async function tableNames(db: TestDatabase): Promise<string[]> {
  const cfg = parseDatabaseUrl(db.url, ROOT);
  if (cfg.provider === "sqlite") {
    const d = new Database(cfg.file, { readonly: true });
    try {
      return (d.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[])
        .map((r) => r.name)
        .sort();
    } finally {
      d.close();
    }
  }
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const r = await c.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    return r.rows.map((x) => x.tablename).sort();
  } finally {
    await c.end();
  }
}

describe.concurrent.each(PROVIDERS)("persistence on %s", (provider) => {
  let db: TestDatabase;
  let p: Persistence;

  beforeAll(async () => {
    db = await freshDatabase(provider);
  });
  afterAll(async () => {
    await p?.close();
    await db?.drop();
  });

  it.sequential("applies every migration once, and nothing on the second run", async ({ expect }) => {
    const cfg = parseDatabaseUrl(db.url, ROOT);
    const first = await migrate(cfg, ROOT);
    expect(first.applied).toEqual(loadMigrations(ROOT, provider).map((m) => m.name));
    const second = await migrate(cfg, ROOT);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(first.applied.length);
  });

  it.sequential("produces exactly the schema's tables (plus the migrator's own)", async ({ expect }) => {
    expect(await tableNames(db)).toEqual([...modelNames(), "_breakwater_migrations"].sort());
  });

  it.sequential("stores users with unique usernames", async ({ expect }) => {
    p = createPersistence(parseDatabaseUrl(db.url, ROOT));
    const u = await p.users.create({ username: "alice", passwordHash: "h", role: "operator" });
    expect((await p.users.findByUsername("alice"))?.id).toBe(u.id);
    await expect(p.users.create({ username: "alice", passwordHash: "h2", role: "viewer" })).rejects.toThrow();
    const updated = await p.users.update(u.id, { role: "admin", disabled: true });
    expect(updated).toMatchObject({ role: "admin", disabled: true });
    expect(await p.users.count()).toBe(1);
  });

  it.sequential("finds sessions by token hash with their user, and revokes them", async ({ expect }) => {
    const u = (await p.users.findByUsername("alice"))!;
    const s = await p.sessions.create({ tokenHash: "hash-1", userId: u.id, expiresAt: new Date(Date.now() + 60_000) });
    const found = await p.sessions.findByTokenHash("hash-1");
    expect(found?.user.username).toBe("alice");
    expect(found?.revokedAt).toBeNull();
    await p.sessions.revoke(s.id);
    expect((await p.sessions.findByTokenHash("hash-1"))?.revokedAt).toBeInstanceOf(Date);
    expect(await p.sessions.findByTokenHash("nope")).toBeNull();
  });

  it.sequential("keeps API tokens by hash and marks revocation", async ({ expect }) => {
    const alice = (await p.users.findByUsername("alice"))!;
    const t = await p.apiTokens.create({ name: "ci", tokenHash: "th", prefix: "bwt_ab", role: "viewer", createdBy: "alice", ownerId: alice.id });
    expect((await p.apiTokens.findByHash("th"))?.name).toBe("ci");
    expect((await p.apiTokens.findByHash("th"))?.owner?.username).toBe("alice");
    const r = await p.apiTokens.revoke(t.id);
    expect(r.revokedAt).toBeInstanceOf(Date);
  });

  it.sequential("lists audit entries newest first with filters and paging", async ({ expect }) => {
    await p.audit.append([
      { actor: "alice", action: "user.create", target: "user:bob", after: { role: "viewer" } },
      { actor: "bob", action: "auth.login", target: "user:bob" },
      { actor: "alice", action: "token.create", target: "token:1", reason: "ci" },
    ]);
    const all = await p.audit.list({ limit: 10 });
    expect(all.map((e) => e.action)).toEqual(["token.create", "auth.login", "user.create"]);
    expect((await p.audit.list({ limit: 10, actor: "alice" })).map((e) => e.action)).toEqual(["token.create", "user.create"]);
    expect((await p.audit.list({ limit: 10, action: "auth" })).map((e) => e.actor)).toEqual(["bob"]);
    expect((await p.audit.list({ limit: 10, target: "bob" })).length).toBe(2);
    const page2 = await p.audit.list({ limit: 10, before: all[0]!.at });
    expect(page2.map((e) => e.action)).toEqual(["auth.login", "user.create"]);
    expect(JSON.parse(all[2]!.after!)).toEqual({ role: "viewer" });
  });

  it.sequential("counts login attempts in windows, each concurrent attempt getting its own number", async ({ expect }) => {
    const now = Date.now();
    const window = 15 * 60_000;
    expect(await p.loginAttempts.increment("k", now - 20 * 60_000, now - 20 * 60_000 - window)).toEqual({ count: 1, windowStart: now - 20 * 60_000 });
    // the old window has ended: a new one starts now
    const counts = await Promise.all(Array.from({ length: 8 }, () => p.loginAttempts.increment("k", now, now - window)));
    expect(counts.map((c) => c.count).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await p.loginAttempts.get("k")).toEqual({ count: 8, windowStart: now });
    await p.loginAttempts.clear("k");
    expect(await p.loginAttempts.get("k")).toBeNull();
  });

  it.sequential("refuses a database migrated by a newer version", async ({ expect }) => {
    const cfg = parseDatabaseUrl(db.url, ROOT);
    if (cfg.provider === "sqlite") {
      const d = new Database(cfg.file);
      d.prepare("INSERT INTO _breakwater_migrations (name, applied_at) VALUES (?, ?)").run("29991231000000_future", "x");
      d.close();
    } else {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      await c.query("INSERT INTO _breakwater_migrations (name) VALUES ('29991231000000_future')");
      await c.end();
    }
    await expect(migrate(cfg, ROOT)).rejects.toBeInstanceOf(DatabaseNewerThanCodeError);
    await expect(migrate(cfg, ROOT)).rejects.toThrow(/29991231000000_future/);
  });
});
