// Shared set-up for the authentication regression tests: a real server on a fresh database with
// the bootstrap admin signed in, or two instances sharing one fresh PostgreSQL database.
import { afterAll, beforeAll } from "vitest";
import { freshDatabase, freshPostgres, type Provider, type TestDatabase } from "../helpers/databases";
import { startServer, type RunningServer } from "../helpers/server";
import { ApiClient } from "../helpers/api-client";

export const ADMIN_PW = "admin-password-1";

export interface AuthServer {
  db: TestDatabase;
  server: RunningServer;
  /** Signed in as the bootstrap admin (session cookie). */
  admin: ApiClient;
}

/** Starts one server for the enclosing suite (beforeAll) and stops it afterwards. */
export function serverForSuite(provider: Provider, env: Record<string, string> = {}): AuthServer {
  const s = {} as AuthServer;
  beforeAll(async () => {
    s.db = await freshDatabase(provider);
    s.server = await startServer({ databaseUrl: s.db.url, env: { BREAKWATER_ADMIN_PASSWORD: ADMIN_PW, ...env } });
    s.admin = new ApiClient(s.server.url);
    await s.admin.login("admin", ADMIN_PW);
  });
  afterAll(async () => {
    await s.server?.stop();
    await s.db?.drop();
  });
  return s;
}

export interface TwoInstances {
  db: TestDatabase;
  a: RunningServer;
  b: RunningServer;
  /** Signed in on instance A as the bootstrap admin (session cookie). */
  adminA: ApiClient;
}

/**
 * Two server processes on one PostgreSQL database (no Redis: only the database is shared), started
 * together as a deployment may start them (one migrates and creates the admin, the other waits).
 */
export function twoInstancesForSuite(env: Record<string, string> = {}): TwoInstances {
  const s = {} as TwoInstances;
  beforeAll(async () => {
    s.db = await freshPostgres();
    const all = { BREAKWATER_ADMIN_PASSWORD: ADMIN_PW, ...env };
    [s.a, s.b] = await Promise.all([startServer({ databaseUrl: s.db.url, env: all }), startServer({ databaseUrl: s.db.url, env: all })]);
    s.adminA = new ApiClient(s.a.url);
    await s.adminA.login("admin", ADMIN_PW);
  });
  afterAll(async () => {
    await s.a?.stop();
    await s.b?.stop();
    await s.db?.drop();
  });
  return s;
}
