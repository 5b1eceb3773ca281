/**
 * How every benchmark starts the real server (startBreakwater) and reaches a service through its
 * gateway (serviceUrl), plus what the benchmarks that drive the API need: an admin API token or
 * session, API calls, throw-away PostgreSQL databases, history row counts.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { startServerProcess } from "../../scripts/lib/server-process";
import { ensureBuild, type Child } from "./http-bench";

export const ADMIN_PASSWORD = "bench-admin-password";
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface Breakwater extends Child {
  /** http://127.0.0.1:<port> of the API, UI, /metrics and /healthz */
  base: string;
  /** the port passed as BREAKWATER_GATEWAY_PORT */
  gatewayPort: number;
  /** The URL a client calls to reach `service` through the gateway (`p` starts with "/"). */
  serviceUrl(service: string, p?: string): string;
}

/** The URL of a service on the gateway's own listener (BREAKWATER_GATEWAY_PORT): `/<service>/<rest>`. */
export function gatewayUrl(gatewayPort: number, service: string, p = "/"): string {
  return `http://127.0.0.1:${gatewayPort}/${service}${p}`;
}

/**
 * Starts the real server through the launcher the tests use too (scripts/lib/server-process.ts):
 * the compiled server, `node dist/server/index.js` as `npm start` runs it (production, LOG_LEVEL=warn), with the given DATABASE_URL
 * (`file:/abs/path.db` or `postgresql://…`) and service YAML (or BREAKWATER_CONFIG in `env`); waits
 * for /healthz. BENCH_CPU_PROF=<dir> adds `--cpu-prof` (the profile is written when the server
 * stops); BENCH_SERVER_NODE_ARGS adds node flags (space-separated, e.g. `--max-semi-space-size=32`).
 * Every benchmark starts Breakwater here.
 */
export async function startBreakwater(o: { configFile?: string; databaseUrl: string; env?: Record<string, string>; nodeArgs?: string[] }): Promise<Breakwater> {
  await ensureBuild();
  const prof = process.env.BENCH_CPU_PROF;
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const s = await startServerProcess({
    databaseUrl: o.databaseUrl,
    entry: "compiled",
    logLevel: "warn",
    readyTimeoutMs: 90_000,
    nodeArgs: [...(prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`] : []), ...extra, ...(o.nodeArgs ?? [])],
    env: { ...(o.configFile ? { BREAKWATER_CONFIG: o.configFile } : {}), BREAKWATER_ADMIN_PASSWORD: ADMIN_PASSWORD, ...o.env },
  });
  return {
    proc: s.proc,
    port: s.port,
    pid: s.pid,
    output: s.output,
    stop: async () => void (await s.stop()),
    base: s.url,
    gatewayPort: s.gatewayPort,
    serviceUrl: (service, p) => gatewayUrl(s.gatewayPort, service, p),
  };
}

/** Logs in as admin (session cookie, with Origin) and returns the cookie. */
export async function login(base: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
  });
  if (r.status !== 200) throw new Error(`login: ${r.status} ${await r.text()}`);
  return (r.headers.get("set-cookie") ?? "").split(";")[0]!;
}

/** Logs in as admin (session cookie, with Origin) and creates an API token with the given role. */
export async function createToken(base: string, role: "admin" | "operator" | "viewer", name: string): Promise<string> {
  const cookie = await login(base);
  const r = await fetch(`${base}/api/v1/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, cookie },
    body: JSON.stringify({ name, role }),
  });
  if (r.status !== 201) throw new Error(`token: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

/** An API call with a bearer token; throws on an unexpected status. */
export async function api(base: string, token: string, method: string, p: string, body?: unknown, expect = [200, 201, 204]): Promise<unknown> {
  const r = await fetch(`${base}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  if (!expect.includes(r.status)) throw new Error(`${method} ${p}: ${r.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Creates a fresh PostgreSQL database and returns its URL. */
export async function createPgDatabase(name: string): Promise<string> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropPgDatabase(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

/** The history tables the write-behind queue, the SLO service and the alert service write. */
export const HISTORY_TABLES = ["BreakerTransition", "BreakerState", "BreakerSample", "BulkheadSample", "SloBucket", "Alert", "AuditEntry"] as const;

/** Row counts of the history tables (SQLite file via better-sqlite3, PostgreSQL via pg). */
export async function countRows(databaseUrl: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  if (databaseUrl.startsWith("file:")) {
    const db = new Database(databaseUrl.slice("file:".length), { readonly: true, fileMustExist: true });
    try {
      db.pragma("busy_timeout = 5000");
      for (const t of HISTORY_TABLES) out[t] = (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n;
    } finally {
      db.close();
    }
    return out;
  }
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    for (const t of HISTORY_TABLES) out[t] = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`)).rows[0]!.n);
  } finally {
    await c.end();
  }
  return out;
}
