import type { DatabaseConfig } from "../config";

/** A loggable description of the database, without credentials. */
export function describeDatabase(db: DatabaseConfig): string {
  if (db.provider === "sqlite") return `sqlite ${db.file}`;
  try {
    const u = new URL(db.url);
    return `postgresql ${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "postgresql";
  }
}
