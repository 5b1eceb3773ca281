/**
 * Helpers for the benchmarks that drive the real server beyond the proxy path (realtime,
 * persistence): start it on SQLite or PostgreSQL, get an admin API token, call the API, create and
 * drop throw-away PostgreSQL databases, count history rows.
 */
import { spawn, type ChildProcess } from "node:child_process";
import Database from "better-sqlite3";
import pg from "pg";
import { ensureBuild, freePort, ROOT, sleep, type Child } from "./http-bench";

export const ADMIN_PASSWORD = "bench-admin-password";
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

/**
 * Starts `node --import tsx server/index.ts` (production, LOG_LEVEL=warn) with the given
 * DATABASE_URL (`file:/abs/path.db` or `postgresql://…`) and service YAML; waits for /healthz.
 */
export async function startServer(o: { configFile: string; databaseUrl: string; env?: Record<string, string> }): Promise<Child> {
  await ensureBuild();
  const port = await freePort();
  const proc = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: o.databaseUrl,
      BREAKWATER_BUILD_ON_START: "false",
      BREAKWATER_CONFIG: o.configFile,
      BREAKWATER_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: "warn",
      ...o.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(proc);
  let out = "";
  proc.stdout?.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  proc.stderr?.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => (children.delete(proc), resolve())));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`Breakwater exited with ${proc.exitCode} before serving:\n${out}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Breakwater did not serve within 90 s:\n${out}`);
    await sleep(200);
  }
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill("SIGTERM");
    const t = setTimeout(() => proc.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(t);
  };
  return { proc, port, pid: proc.pid!, output: () => out, stop };
}

/** Logs in as admin (session cookie, with Origin) and creates an API token with the given role. */
export async function createToken(base: string, role: "admin" | "operator" | "viewer", name: string): Promise<string> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
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
