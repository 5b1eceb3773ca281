// Prisma client factory: one generated client per provider, both on the JS engine with a driver
// adapter. Callers get a provider-neutral `Db` type (the models are identical in both schemas).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../../prisma/generated/sqlite";
import { PrismaClient as PostgresClient } from "../../prisma/generated/postgresql";
import type { DatabaseConfig } from "../config";

/** Both generated clients expose the same model API; the SQLite one is used as the shared type. */
export type Db = SqliteClient;

export function createDb(database: DatabaseConfig): Db {
  if (database.provider === "sqlite") {
    mkdirSync(path.dirname(database.file), { recursive: true });
    const adapter = new PrismaBetterSQLite3({ url: database.file });
    return new SqliteClient({ adapter });
  }
  const adapter = new PrismaPg({ connectionString: database.url, max: 10 });
  return new PostgresClient({ adapter }) as unknown as Db;
}
