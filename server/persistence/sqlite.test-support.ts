// Test support for server unit tests: a real, migrated SQLite database in a temporary directory
// (fast enough for unit tests; no mock of the database). Call `close()` in afterEach/afterAll.
import path from "node:path";
import Database from "better-sqlite3";
import { freshSqlite } from "@/tests/helpers/databases";
import { parseDatabaseUrl } from "../config";
import { migrate } from "./migrator";
import { createPersistence, type Persistence } from "./index";
import type { Logger } from "../logger";

const ROOT = path.resolve(__dirname, "../..");

export async function sqlitePersistence(): Promise<Persistence & { file: string; dispose(): Promise<void> }> {
  const db = freshSqlite();
  const cfg = parseDatabaseUrl(db.url, ROOT);
  await migrate(cfg, ROOT);
  const p = createPersistence(cfg);
  return {
    ...p,
    file: cfg.provider === "sqlite" ? cfg.file : "",
    async dispose() {
      await p.close();
      await db.drop();
    },
  };
}

/** Makes the database refuse writes to `table` (renamed away on another connection) until the returned function runs. */
export function breakTable(file: string, table: string): () => void {
  const conn = new Database(file);
  conn.exec(`ALTER TABLE "${table}" RENAME TO "${table}_away"`);
  return () => {
    conn.exec(`ALTER TABLE "${table}_away" RENAME TO "${table}"`);
    conn.close();
  };
}

/** A pino-shaped logger that keeps what was logged (for asserting warnings) and prints nothing. */
export function quietLogger() {
  const lines: { level: string; msg: string; obj: unknown }[] = [];
  const at = (level: string) => (obj: unknown, msg?: string) => void lines.push({ level, msg: msg ?? String(obj), obj });
  const log = { lines, info: at("info"), warn: at("warn"), error: at("error"), debug: at("debug"), trace: at("trace"), fatal: at("fatal") };
  return { ...log, child: () => log } as unknown as Logger & { lines: typeof lines };
}
