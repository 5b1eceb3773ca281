// Custom health checkers (issue #7): a module listed under healthCheckers in the config file
// (BREAKWATER_CONFIG, paths relative to that file) registers "flag-file"
// (tests/fixtures/checkers/flag-file.mjs: healthy while a file exists); checks with protocol
// "custom" use it, validated by its own schema; a custom check survives a restart; a duplicate
// checker name (twice, or a built-in protocol's name) stops the start with exit code 1.
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { freshSqlite } from "../helpers/databases";
import { ROOT, runServerToExit } from "../helpers/server";
import { startGateway, startUpstream, waitFor, type GatewayUnderTest, type Upstream } from "../helpers/upstreams";

const FIXTURES = path.join(ROOT, "tests/fixtures/checkers");
const FAST = { intervalMs: 1000, timeoutMs: 400, healthyThreshold: 1, unhealthyThreshold: 1 };

describe("custom health checkers", () => {
  let g: GatewayUnderTest;
  let up: Upstream;
  let dir: string;
  const service = "flagged";

  const writeConfig = (file: string, checkers: string[], baseUrl: string) =>
    writeFileSync(
      file,
      [
        "healthCheckers:",
        ...checkers.map((c) => `  - ${JSON.stringify(c)}`),
        "services:",
        `  - name: ${service}`,
        `    baseUrl: ${baseUrl}`,
        "",
      ].join("\n"),
    );
  const getCheck = async (id: string) => {
    const r = await g.viewer.get(`/api/v1/health-checks/${id}`);
    if (r.status !== 200) throw new Error(`health check ${id}: ${r.status} ${r.text}`);
    return r.json;
  };
  const paths = (r: { json: any }) => ((r.json?.error?.details ?? []) as { path: string }[]).map((d) => d.path);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "bw-health-custom-"));
    up = await startUpstream();
    const config = path.join(dir, "breakwater.yaml");
    // relative to the config file, as the docs say
    writeConfig(config, [path.relative(dir, path.join(FIXTURES, "flag-file.mjs"))], up.url);
    g = await startGateway({ provider: "sqlite", env: { BREAKWATER_CONFIG: config } });
  });
  afterAll(async () => {
    if (process.env.DUMP_SERVER) console.log(g?.server.output());
    await g?.stop().catch(() => undefined);
    await up?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it("validates custom checks: the checker's name, its own options schema and its target rule", async ({ expect }) => {
    const ok = { service, protocol: "custom", target: path.join(dir, "flag-x"), ...FAST, options: { checker: "flag-file", config: {} } };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ok, options: { checker: "no-such-checker" } }, "options.checker"],
      [{ ...ok, options: {} }, "options.checker"],
      [{ ...ok, options: { checker: "flag-file", config: { contains: 5 } } }, "options.config.contains"],
      [{ ...ok, options: { checker: "flag-file", config: { region: "eu" } } }, "options.config.region"],
      [{ ...ok, options: { checker: "flag-file", extra: 1 } }, "options.extra"],
      [{ ...ok, target: "relative/flag" }, "target"],
    ];
    for (const [body, p] of cases) {
      const r = await g.admin.post("/api/v1/health-checks", body);
      expect(r.status, `${JSON.stringify(body)} → ${r.text}`).toBe(400);
      expect(paths(r), JSON.stringify(body)).toContain(p);
    }
    const unknown = await g.admin.post("/api/v1/health-checks", cases[0]![0]);
    expect(unknown.json.error.details.find((d: any) => d.path === "options.checker").message).toMatch(/flag-file/);

    // a valid one: config defaults to {}
    const created = await g.admin.post("/api/v1/health-checks", { ...ok, options: { checker: "flag-file" } });
    expect(created.status, created.text).toBe(201);
    expect(created.json.options).toEqual({ checker: "flag-file", config: {} });
    expect((await g.admin.delete(`/api/v1/health-checks/${created.json.id}`)).status).toBe(204);
  });

  it("lists the custom checker; a custom check follows the flag file (healthy / unhealthy / healthy) and survives a restart", async ({ expect }) => {
    const checkers = await g.viewer.get("/api/v1/health-checkers");
    expect(checkers.status).toBe(200);
    expect(checkers.json.custom).toEqual(["flag-file"]);
    expect(checkers.json.builtin).toEqual(expect.arrayContaining(["http", "https", "tcp", "grpc", "websocket"]));

    const flag = path.join(dir, "flag-1");
    writeFileSync(flag, "status: up\n");
    const created = await g.admin.post("/api/v1/health-checks", { service, protocol: "custom", target: flag, ...FAST, options: { checker: "flag-file", config: { contains: "up" } } });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ protocol: "custom", target: flag, options: { checker: "flag-file", config: { contains: "up" } } });
    const id = created.json.id as string;

    await waitFor(async () => (await getCheck(id)).status === "healthy", 10_000, "healthy while the file exists");
    expect((await getCheck(id)).last).toMatchObject({ healthy: true, detail: "flag file present" });

    unlinkSync(flag);
    await waitFor(async () => (await getCheck(id)).status === "unhealthy", 10_000, "unhealthy once the file is gone");
    expect((await getCheck(id)).lastError).toBe("flag file missing");

    writeFileSync(flag, "status: down\n"); // present, but without the text the config asks for
    await waitFor(async () => (await getCheck(id)).lastError === "flag file lacks 'up'", 10_000, "the checker got its config");
    expect((await getCheck(id)).status).toBe("unhealthy");

    writeFileSync(flag, "status: up\n");
    await waitFor(async () => (await getCheck(id)).status === "healthy", 10_000, "healthy again");

    // the config file (and its checkers) are read again at start-up: the check runs again
    await g.restart("SIGTERM");
    await waitFor(async () => (await getCheck(id)).status === "healthy", 10_000, "healthy after the restart");
    unlinkSync(flag);
    await waitFor(async () => (await getCheck(id)).status === "unhealthy", 10_000, "unhealthy after the restart");
  });

  // start-up failures: their own processes, so they may run side by side
  it.concurrent("a checker name registered twice stops the start (exit 1) with a message naming it", async ({ expect }) => {
    const db = freshSqlite();
    try {
      const config = path.join(dir, "duplicate.yaml");
      writeConfig(config, [path.join(FIXTURES, "flag-file.mjs"), path.join(FIXTURES, "flag-file-again.mjs")], "http://127.0.0.1:9");
      const r = await runServerToExit({ databaseUrl: db.url, env: { BREAKWATER_CONFIG: config, BREAKWATER_ADMIN_PASSWORD: "admin-password-1" } });
      expect(r.code, r.output).toBe(1);
      expect(r.output).toMatch(/flag-file/);
      expect(r.output).toMatch(/twice|duplicate|already/i);
      expect(r.output).not.toMatch(/Breakwater is serving/);
    } finally {
      await db.drop();
    }
  });

  it.concurrent("a custom checker named like a built-in protocol stops the start (exit 1) with a message naming it", async ({ expect }) => {
    const db = freshSqlite();
    try {
      const config = path.join(dir, "builtin-name.yaml");
      writeConfig(config, [path.join(FIXTURES, "named-http.mjs")], "http://127.0.0.1:9");
      const r = await runServerToExit({ databaseUrl: db.url, env: { BREAKWATER_CONFIG: config, BREAKWATER_ADMIN_PASSWORD: "admin-password-1" } });
      expect(r.code, r.output).toBe(1);
      expect(r.output).toMatch(/'http'/);
      expect(r.output).toMatch(/built-in/i);
      expect(r.output).toMatch(/named-http\.mjs/);
      expect(r.output).not.toMatch(/Breakwater is serving/);
    } finally {
      await db.drop();
    }
  });
});
