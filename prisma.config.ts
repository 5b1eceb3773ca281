// Prisma CLI configuration. Breakwater uses the JS ("client") engine with driver adapters, so the
// CLI never needs a native engine binary (which could not be downloaded here). The CLI is used
// offline only for `prisma generate` and `prisma migrate diff`; migrations are applied at start-up
// by server/persistence/migrator.ts for both SQLite and PostgreSQL.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    const url = ":memory:";
    // Only offline commands (generate, migrate diff) are used: no database is touched.
    return new PrismaBetterSQLite3({ url });
  },
});
