// Applies prisma/migrations/<provider>/<timestamp>_<name>/migration.sql in order, each once and in
// its own transaction, recording applied names in `_breakwater_migrations`. Refuses to run when the
// database holds migrations this code does not know (the database is newer than the code).
import { systemServerClock } from "../clock";
import { mkdirSync, readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseConfig } from "../config";

export interface Migration {
  name: string;
  sql: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export class DatabaseNewerThanCodeError extends Error {
  constructor(public readonly unknown: string[]) {
    super(
      `the database has migrations this version of Breakwater does not know (${unknown.join(", ")}): ` +
        "it was migrated by a newer version. Upgrade Breakwater or point DATABASE_URL at another database.",
    );
  }
}

const TABLE = "_breakwater_migrations";

export function loadMigrations(rootDir: string, provider: DatabaseConfig["provider"]): Migration[] {
  const dir = path.join(rootDir, "prisma/migrations", provider);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d{14}_[a-z0-9_]+$/.test(d.name))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}

function checkNotNewer(known: Migration[], appliedNames: string[]): void {
  const knownNames = new Set(known.map((m) => m.name));
  const unknown = appliedNames.filter((n) => !knownNames.has(n));
  if (unknown.length > 0) throw new DatabaseNewerThanCodeError(unknown);
}

function migrateSqlite(file: string, migrations: Migration[]): MigrationResult {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
    db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
    const applied = (db.prepare(`SELECT name FROM ${TABLE} ORDER BY name`).all() as { name: string }[]).map(
      (r) => r.name,
    );
    checkNotNewer(migrations, applied);
    const done = new Set(applied);
    const result: MigrationResult = { applied: [], alreadyApplied: applied.length };
    const record = db.prepare(`INSERT INTO ${TABLE} (name, applied_at) VALUES (?, ?)`);
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      db.transaction(() => {
        db.exec(m.sql);
        record.run(m.name, new Date(systemServerClock.now()).toISOString());
      }).immediate();
      result.applied.push(m.name);
    }
    return result;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // One migrator at a time across instances sharing the database.
    await client.query("SELECT pg_advisory_lock(727274)");
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const rows = await client.query<{ name: string }>(`SELECT name FROM ${TABLE} ORDER BY name`);
    const applied = rows.rows.map((r) => r.name);
    checkNotNewer(migrations, applied);
    const done = new Set(applied);
    const result: MigrationResult = { applied: [], alreadyApplied: applied.length };
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO ${TABLE} (name) VALUES ($1)`, [m.name]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
      result.applied.push(m.name);
    }
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock(727274)").catch(() => undefined);
    await client.end();
  }
}

export async function migrate(database: DatabaseConfig, rootDir: string): Promise<MigrationResult> {
  const migrations = loadMigrations(rootDir, database.provider);
  if (migrations.length === 0) throw new Error(`no migrations found for ${database.provider} under ${rootDir}`);
  return database.provider === "sqlite"
    ? migrateSqlite(database.file, migrations)
    : migratePostgres(database.url, migrations);
}
