// Fresh databases for tests: a temporary SQLite file, or a new PostgreSQL database on the local
// server (dropped afterwards). Tests use the real engines, never mocks.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const REDIS_TEST_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export type Provider = "sqlite" | "postgresql";
export const PROVIDERS: Provider[] = ["sqlite", "postgresql"];

export interface TestDatabase {
  provider: Provider;
  url: string;
  drop(): Promise<void>;
}

export function freshSqlite(): TestDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bw-test-"));
  return {
    provider: "sqlite",
    url: `file:${path.join(dir, "breakwater.db")}`,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function freshPostgres(): Promise<TestDatabase> {
  const name = `bw_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    provider: "postgresql",
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export function freshDatabase(provider: Provider): Promise<TestDatabase> {
  return provider === "sqlite" ? Promise.resolve(freshSqlite()) : freshPostgres();
}
