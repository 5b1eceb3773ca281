// The services API and the config file, as seen through the gateway: validation with field paths,
// roles, defaults, live edits that the gateway applies at once (keeping the breaker's state),
// deletion, services owned by BREAKWATER_CONFIG, and start-up refusal of invalid config files (those
// start-ups run side by side with the live-edit tests, which run in order on their server).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { freshSqlite } from "../helpers/databases";
import { runServerToExit } from "../helpers/server";
import { CALM_BREAKER, startGateway, startUpstream, waitFor, type GatewayUnderTest, type Upstream } from "../helpers/upstreams";

const tmp = mkdtempSync(path.join(os.tmpdir(), "bw-gw-config-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.concurrent("services API and live edits", () => {
  let g: GatewayUnderTest;
  let up: Upstream;
  let up2: Upstream;
  let fileUp: Upstream;

  beforeAll(async () => {
    up = await startUpstream();
    up2 = await startUpstream();
    fileUp = await startUpstream();
    const file = path.join(tmp, "breakwater.yaml");
    writeFileSync(
      file,
      [
        "services:",
        "  - name: from-file",
        `    baseUrl: ${fileUp.url}/v1`,
        "    retry:",
        "      maxAttempts: 1",
        "    bulkhead:",
        "      maxConcurrent: 7",
        "",
      ].join("\n"),
    );
    g = await startGateway({ env: { BREAKWATER_CONFIG: file } });
  });
  afterAll(async () => {
    await g?.stop().catch(() => undefined);
    await Promise.all([up, up2, fileUp].map((u) => u?.close().catch(() => undefined)));
  });

  it.sequential("refuses an invalid service with 400 validation_failed and one detail per bad field", async ({ expect }) => {
    const r = await g.admin.post("/api/v1/services", {
      name: "Bad Name!",
      baseUrl: "ftp://example.com",
      timeoutMs: 0,
      breaker: { failureRateThreshold: 150, window: { type: "count", size: 0 } },
      bulkhead: { maxConcurrent: 0 },
      perUserBulkhead: { key: "cookie:session" },
      retry: { jitter: "wild", retryOn: [999] },
      colour: "blue",
    });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe("validation_failed");
    const paths = r.json.error.details.map((d: { path: string }) => d.path);
    for (const p of [
      "name",
      "baseUrl",
      "timeoutMs",
      "breaker.failureRateThreshold",
      "breaker.window.size",
      "bulkhead.maxConcurrent",
      "perUserBulkhead.key",
      "retry.jitter",
      "retry.retryOn.0",
      "colour",
    ]) {
      expect(paths, p).toContain(p);
    }
    for (const d of r.json.error.details) expect(typeof d.message).toBe("string");
    expect((await g.viewer.get("/api/v1/services")).json.map((s: any) => s.name)).not.toContain("Bad Name!");

    const unknownNested = await g.admin.post("/api/v1/services", { name: "nested", baseUrl: up.url, breaker: { speed: 1 } });
    expect(unknownNested.status).toBe(400);
    expect(unknownNested.json.error.details.map((d: any) => d.path)).toEqual(["breaker.speed"]);
  });

  it.sequential("creates a service with every default filled in; duplicates are 409, viewers get 403", async ({ expect }) => {
    const created = await g.admin.post("/api/v1/services", { name: "payments", baseUrl: up.url, breaker: { minimumCalls: 5 } });
    expect(created.status).toBe(201);
    const detail = await g.viewer.get("/api/v1/services/payments");
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({
      name: "payments",
      baseUrl: up.url,
      timeoutMs: 10_000,
      source: "api",
      breaker: {
        failureRateThreshold: 50,
        slowCallRateThreshold: 100,
        slowCallDurationMs: 5000,
        consecutiveFailures: 0,
        window: { type: "count", size: 100 },
        minimumCalls: 5,
        waitInOpenMs: 30_000,
        maxWaitInOpenMs: 300_000,
        halfOpenMaxCalls: 3,
        successThreshold: 3,
        failureStatusCodes: [500, 502, 503, 504],
      },
      bulkhead: { maxConcurrent: 100, maxQueue: 50, queueTimeoutMs: 1000 },
      retry: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 2000, multiplier: 2, jitter: "full", retryOn: [502, 503, 504], budgetPercent: 20 },
    });
    expect(detail.json.perUserBulkhead).toBeUndefined();
    const list = await g.viewer.get("/api/v1/services");
    expect(list.json.map((s: any) => s.name)).toEqual(expect.arrayContaining(["payments", "from-file"]));

    const dup = await g.admin.post("/api/v1/services", { name: "payments", baseUrl: up2.url });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe("conflict");

    const denied = await g.viewer.post("/api/v1/services", { name: "sneaky", baseUrl: up.url });
    expect(denied.status).toBe(403);
    const deniedOp = await g.operator.post("/api/v1/services", { name: "sneaky", baseUrl: up.url });
    expect(deniedOp.status).toBe(403);
    expect((await g.viewer.get("/api/v1/services/sneaky")).status).toBe(404);

    const r = await g.gw("payments", "/charge");
    expect(r.status).toBe(200);
    await r.text();
    // a per-user bulkhead given only its key gets the documented defaults
    await g.createService({ name: "peruser-defaults", baseUrl: up.url, perUserBulkhead: { key: "ip" } });
    expect((await g.viewer.get("/api/v1/services/peruser-defaults")).json.perUserBulkhead).toEqual({
      key: "ip",
      maxConcurrent: 10,
      maxQueue: 0,
      queueTimeoutMs: 0,
      maxKeys: 10_000,
    });
  });

  it.sequential("applies a PUT at once: a new baseUrl and a lower bulkhead limit are used by the next request", async ({ expect }) => {
    await g.createService({ name: "editable", baseUrl: up.url, breaker: CALM_BREAKER, retry: { maxAttempts: 1 } });
    const before = up.total;
    await (await g.gw("editable", "/one")).text();
    expect(up.total).toBe(before + 1);

    const put = await g.admin.request("PUT", "/api/v1/services/editable", {
      baseUrl: up2.url,
      breaker: CALM_BREAKER,
      bulkhead: { maxConcurrent: 1, maxQueue: 0 },
      retry: { maxAttempts: 1 },
    });
    expect(put.status).toBe(200);
    expect(put.json.bulkhead.maxConcurrent).toBe(1);
    const r = await g.gw("editable", "/two");
    expect(r.status).toBe(200);
    expect(((await r.json()) as any).url).toBe("/two");
    expect(up2.count("/two")).toBe(1);
    expect(up.count("/two")).toBe(0);

    up2.set({ hold: true });
    const held = g.gw("editable", "/held");
    await waitFor(() => up2.held === 1, 15_000, "held request");
    const second = await g.gw("editable", "/second");
    expect(second.status).toBe(503);
    expect(second.headers.get("x-breakwater-reason")).toBe("bulkhead_full");
    await second.text();
    up2.release();
    expect((await held).status).toBe(200);

    const renamed = await g.admin.request("PUT", "/api/v1/services/editable", { name: "other", baseUrl: up2.url });
    expect(renamed.status).toBe(400);
    expect(renamed.json.error.details[0].path).toBe("name");
    const badPut = await g.admin.request("PUT", "/api/v1/services/editable", { baseUrl: up2.url, retry: { jitter: "nope" } });
    expect(badPut.status).toBe(400);
    expect(badPut.json.error.details.map((d: any) => d.path)).toContain("retry.jitter");
    expect((await g.viewer.request("PUT", "/api/v1/services/editable", { baseUrl: up.url })).status).toBe(403);
    expect((await g.admin.request("PUT", "/api/v1/services/missing", { baseUrl: up.url })).status).toBe(404);
  });

  it.sequential("keeps an open breaker open across an edit of the retry settings", async ({ expect }) => {
    const failing = await startUpstream({ status: 500 });
    try {
      const breaker = { minimumCalls: 2, window: { type: "count", size: 2 }, waitInOpenMs: 60_000 };
      await g.createService({ name: "keeps-state", baseUrl: failing.url, breaker, retry: { maxAttempts: 1 } });
      for (let i = 0; i < 2; i++) await (await g.gw("keeps-state", "/")).text();
      expect((await g.breaker("keeps-state")).state).toBe("open");
      const put = await g.admin.request("PUT", "/api/v1/services/keeps-state", { baseUrl: failing.url, breaker, retry: { maxAttempts: 2 } });
      expect(put.status).toBe(200);
      expect((await g.breaker("keeps-state")).state).toBe("open");
      const r = await g.gw("keeps-state", "/");
      expect(r.status).toBe(503);
      expect(r.headers.get("x-breakwater-reason")).toBe("circuit_open");
      await r.text();
      expect(failing.total).toBe(2);
    } finally {
      await failing.close();
    }
  });

  it.sequential("DELETE removes the service from the gateway at once", async ({ expect }) => {
    await g.createService({ name: "doomed", baseUrl: up.url });
    expect((await g.gw("doomed", "/")).status).toBe(200);
    expect((await g.viewer.delete("/api/v1/services/doomed")).status).toBe(403);
    const del = await g.admin.delete("/api/v1/services/doomed");
    expect(del.status).toBe(204);
    const r = await g.gw("doomed", "/");
    expect(r.status).toBe(404);
    expect(r.headers.get("x-breakwater-reason")).toBe("unknown_service");
    expect(((await r.json()) as any).error.code).toBe("unknown_service");
    const gone = await g.viewer.get("/api/v1/services/doomed");
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe("not_found");
    expect((await g.admin.delete("/api/v1/services/doomed")).status).toBe(404);
    // audited
    const audit = await g.admin.get("/api/v1/audit?target=service:doomed");
    expect(audit.json.map((e: any) => e.action)).toEqual(["service.delete", "service.create"]);
  });

  it.sequential("serves services from the config file, and refuses to edit or delete them through the API", async ({ expect }) => {
    const r = await g.gw("from-file", "/ping?x=1");
    expect(r.status).toBe(200);
    expect(((await r.json()) as any).url).toBe("/v1/ping?x=1");
    const detail = await g.viewer.get("/api/v1/services/from-file");
    expect(detail.json).toMatchObject({ name: "from-file", source: "file", bulkhead: { maxConcurrent: 7, maxQueue: 50 } });
    const put = await g.admin.request("PUT", "/api/v1/services/from-file", { baseUrl: up.url });
    expect(put.status).toBe(409);
    expect(put.json.error.code).toBe("conflict");
    const del = await g.admin.delete("/api/v1/services/from-file");
    expect(del.status).toBe(409);
    const still = await g.gw("from-file", "/ping");
    expect(still.status).toBe(200);
    await still.text();
    expect(fileUp.total).toBe(2);
  });
});

describe.concurrent("config file errors", () => {
  it("refuses to start with an invalid file and lists every error by path", async ({ expect }) => {
    const file = path.join(tmp, "invalid.yaml");
    writeFileSync(
      file,
      [
        "services:",
        "  - name: alpha",
        "    baseUrl: not-a-url",
        "  - name: beta",
        "    baseUrl: http://127.0.0.1:9",
        "    breaker:",
        "      minimumCalls: 0",
        "      window: { type: count, size: -1 }",
        "  - name: gamma",
        "    baseUrl: http://127.0.0.1:9",
        "    retry: { jitter: sometimes }",
        "    surprise: true",
        "",
      ].join("\n"),
    );
    const db = freshSqlite();
    try {
      const { code, output } = await runServerToExit({ databaseUrl: db.url, env: { BREAKWATER_CONFIG: file, BREAKWATER_ADMIN_PASSWORD: "admin-password-1" } });
      expect(code).toBe(1);
      for (const p of ["services.0.baseUrl", "services.1.breaker.minimumCalls", "services.1.breaker.window.size", "services.2.retry.jitter", "services.2.surprise"]) {
        expect(output, p).toContain(p);
      }
      expect(output).toContain(file);
    } finally {
      await db.drop();
    }
  });

  it("refuses to start with malformed YAML, naming the YAML problem", async ({ expect }) => {
    const file = path.join(tmp, "malformed.yaml");
    writeFileSync(file, "services:\n  - name: a\n    baseUrl: [unclosed\n  bad: : :\n");
    const db = freshSqlite();
    try {
      const { code, output } = await runServerToExit({ databaseUrl: db.url, env: { BREAKWATER_CONFIG: file, BREAKWATER_ADMIN_PASSWORD: "admin-password-1" } });
      expect(code).toBe(1);
      expect(output).toMatch(/YAML/);
      expect(output).toContain(file);
    } finally {
      await db.drop();
    }
  });

  it("refuses a file declaring the same service twice", async ({ expect }) => {
    const file = path.join(tmp, "dup.yaml");
    writeFileSync(file, "services:\n  - name: twin\n    baseUrl: http://127.0.0.1:9\n  - name: twin\n    baseUrl: http://127.0.0.1:10\n");
    const db = freshSqlite();
    try {
      const { code, output } = await runServerToExit({ databaseUrl: db.url, env: { BREAKWATER_CONFIG: file, BREAKWATER_ADMIN_PASSWORD: "admin-password-1" } });
      expect(code).toBe(1);
      expect(output).toContain("services.1.name");
    } finally {
      await db.drop();
    }
  });
});
