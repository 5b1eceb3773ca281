// A stopped server always exits: `npm start` (the production path: npm → node dist/server) on an
// existing SQLite database, a client signed in over a keep-alive connection, SIGTERM to the process
// group (or to npm alone) and the client gone at once (its end of the server's stdout with it).
// Every process of the group must be gone within 15 s.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { freshSqlite } from "../helpers/databases";
import { freePort, ROOT } from "../helpers/server";
import { waitFor } from "../helpers/upstreams";

const PASSWORD = "shutdown-pass-1";
const db = freshSqlite();
const started: ChildProcess[] = [];

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  for (const p of started) if (p.pid && groupAlive(p.pid)) process.kill(-p.pid, "SIGKILL");
  await db.drop();
});

async function npmStart(): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  let out = "";
  const proc = spawn("npm", ["start"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PORT: String(port), BREAKWATER_GATEWAY_PORT: "0", HOST: "127.0.0.1", DATABASE_URL: db.url, BREAKWATER_ADMIN_PASSWORD: PASSWORD, BREAKWATER_BUILD_ON_START: "false" },
  });
  started.push(proc);
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(() => fetch(`${url}/healthz`).then((r) => r.ok, () => proc.exitCode !== null && Promise.reject(new Error(out))), 90_000, "npm start to serve");
  return { proc, url, output: () => out };
}

async function signInKeepAlive(url: string): Promise<void> {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ username: "admin", password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  await r.arrayBuffer(); // the connection stays open in fetch's pool (keep-alive)
}

async function stopAndLeave(proc: ChildProcess, target: "group" | "npm"): Promise<number> {
  const pgid = proc.pid!;
  const t0 = Date.now();
  process.kill(target === "group" ? -pgid : pgid, "SIGTERM");
  // the client goes away at once: nobody reads the server's output any more
  proc.stdout!.destroy();
  proc.stderr!.destroy();
  await waitFor(() => !groupAlive(pgid), 15_000, "every process of the group to exit");
  return Date.now() - t0;
}

describe("a stopped server exits", () => {
  it("SIGTERM to the process group of `npm start` after a keep-alive sign-in: every process is gone within 15 s (new and existing database)", async () => {
    for (const round of ["new database", "existing database"]) {
      const s = await npmStart();
      await signInKeepAlive(s.url);
      const ms = await stopAndLeave(s.proc, "group");
      expect(ms, round).toBeLessThan(15_000);
    }
  });

  it("SIGTERM to npm alone is relayed: the server stops gracefully and every process is gone", async () => {
    const s = await npmStart();
    // BREAKWATER_GATEWAY_PORT=0: the actual port is logged and reported by /readyz
    const ready = await (await fetch(`${s.url}/readyz`)).json();
    expect(ready.status).toBe("ready");
    const gw = ready.listeners.gateway;
    expect(gw.port).toBeGreaterThan(0);
    expect(gw.url).toBe(`http://127.0.0.1:${gw.port}`);
    expect(s.output()).toContain(`gateway on http://127.0.0.1:${gw.port}/<service>/`);
    const unknown = await fetch(`${gw.url}/nothing-here/x`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("unknown_service");
    await signInKeepAlive(s.url);
    const pgid = s.proc.pid!;
    process.kill(pgid, "SIGTERM");
    await waitFor(() => !groupAlive(pgid), 15_000, "every process of the group to exit");
    expect(s.output()).toMatch(/"msg":"stopped"/);
    expect(s.output()).not.toMatch(/second signal/);
  });
});
