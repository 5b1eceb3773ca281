// Finding 2: a health check's request headers (Authorization, API keys) came back in full to any
// viewer (list, one check, results, audit before/after, the live audit:entry event). Secrets are
// now redacted everywhere they leave the server; an edit that sends the marker back keeps them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { REDACTED } from "@/lib/contracts/secrets";
import { CALM_BREAKER, startGateway, startUpstream, waitFor, type GatewayUnderTest, type Upstream } from "../helpers/upstreams";

const SECRET = "Bearer s3cr3t-health-token-7f1c";
const API_KEY = "k3y-0f-the-upstream-a91b";
const HOOK_SECRET = "hook-secret-5d2e";
const HOOK_PATH = "T000/B000/path-secret-77aa";

describe("secrets in health checks and notifiers never reach viewers", () => {
  let g: GatewayUnderTest;
  let up: Upstream;
  let socket: Socket;
  const events: unknown[] = [];
  let checkId: string;

  const leaks = (value: unknown) => {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return [SECRET, "s3cr3t-health", API_KEY, HOOK_SECRET, HOOK_PATH].filter((s) => text.includes(s));
  };

  beforeAll(async () => {
    g = await startGateway({ provider: "sqlite" });
    up = await startUpstream();
    await g.createService({ name: "billing", baseUrl: up.url, breaker: CALM_BREAKER, retry: { maxAttempts: 1 } });
    socket = connect(g.server.url, { path: "/socket.io", transports: ["websocket"], reconnection: false, extraHeaders: { cookie: g.viewer.cookie! } });
    await new Promise((resolve, reject) => {
      socket.once("snapshot", resolve);
      socket.once("connect_error", reject);
    });
    await socket.emitWithAck("subscribe", ["audit", "health"]);
    socket.on("audit:entry", (e) => events.push(e));
    const r = await g.admin.post("/api/v1/health-checks", {
      service: "billing",
      protocol: "http",
      target: `${up.url}/health`,
      intervalMs: 1000,
      timeoutMs: 500,
      options: { headers: { Authorization: SECRET, "X-Api-Key": API_KEY, Accept: "application/json" } },
    });
    expect(r.status).toBe(201);
    checkId = r.json.id;
  });
  afterAll(async () => {
    socket?.close();
    await up?.close();
    await g?.stop();
  });

  it("the upstream receives the real headers", async () => {
    const seen = await waitFor(() => up.requests.find((q) => q.url === "/health"), 10_000, "a health request");
    expect(seen.headers.authorization).toBe(SECRET);
    expect(seen.headers["x-api-key"]).toBe(API_KEY);
  });

  it("list, one check, results and the create answer show the marker instead", async () => {
    const list = await g.viewer.get("/api/v1/health-checks");
    const one = await g.viewer.get(`/api/v1/health-checks/${checkId}`);
    const results = await g.viewer.get(`/api/v1/health-checks/${checkId}/results`);
    for (const r of [list, one, results]) {
      expect(r.status).toBe(200);
      expect(leaks(r.text)).toEqual([]);
    }
    expect(one.json.options.headers).toEqual({ Authorization: REDACTED, "X-Api-Key": REDACTED, Accept: REDACTED });
    expect(results.json.check.options.headers.Authorization).toBe(REDACTED);
  });

  it("an edit that sends the marker back keeps the stored secret; the audit shows neither value", async () => {
    const current = (await g.admin.get(`/api/v1/health-checks/${checkId}`)).json;
    const before = up.requests.length;
    const r = await g.admin.request("PUT", `/api/v1/health-checks/${checkId}`, {
      service: current.service,
      protocol: current.protocol,
      target: current.target,
      intervalMs: 1500,
      timeoutMs: current.timeoutMs,
      options: current.options, // the markers, as the form sends them back
    });
    expect(r.status).toBe(200);
    expect(r.json.intervalMs).toBe(1500);
    expect(leaks(r.text)).toEqual([]);
    const after = await waitFor(() => up.requests.slice(before).find((q) => q.url === "/health"), 10_000, "a request after the edit");
    expect(after.headers.authorization).toBe(SECRET);
    expect(after.headers["x-api-key"]).toBe(API_KEY);

    const audit = await g.viewer.get("/api/v1/audit?target=health_check");
    expect(audit.status).toBe(200);
    const update = (audit.json as any[]).find((e) => e.action === "health_check.update");
    expect(update.before.options.headers.Authorization).toBe(REDACTED);
    expect(update.after.options.headers.Authorization).toBe(REDACTED);
    expect(leaks(audit.text)).toEqual([]);
  });

  it("a marker with nothing stored behind it is refused, naming the header", async () => {
    const edit = await g.admin.request("PUT", `/api/v1/health-checks/${checkId}`, {
      service: "billing",
      protocol: "http",
      target: `${up.url}/health`,
      intervalMs: 1500,
      timeoutMs: 500,
      options: { headers: { Authorization: REDACTED, "X-Other": REDACTED } },
    });
    expect(edit.status).toBe(400);
    expect(edit.json.error.details.map((d: any) => d.path)).toEqual(["options.headers.X-Other"]);
    const create = await g.admin.post("/api/v1/health-checks", { service: "billing", protocol: "http", target: `${up.url}/x`, options: { headers: { Authorization: REDACTED } } });
    expect(create.status).toBe(400);
    expect(create.json.error.details[0].path).toBe("options.headers.Authorization");
  });

  it("notifier headers and the secret part of a webhook URL stay out of answers and the audit", async () => {
    const created = await g.admin.post("/api/v1/notifiers", {
      name: "chat",
      type: "webhook",
      config: { url: `${up.url}/services/${HOOK_PATH}`, headers: { Authorization: HOOK_SECRET } },
    });
    expect(created.status).toBe(201);
    expect(leaks(created.json.target.replace(HOOK_PATH, ""))).toEqual([]);
    const audit = await g.viewer.get("/api/v1/audit?action=notifier.create");
    expect(audit.json).toHaveLength(1);
    expect(leaks(audit.text)).toEqual([]);
  });

  it("live audit events and the server's log carry no secret", async () => {
    await waitFor(() => events.some((e: any) => e.action === "notifier.create"), 5_000, "the notifier's audit event");
    expect(events.map((e: any) => e.action)).toEqual(expect.arrayContaining(["health_check.update", "notifier.create"]));
    expect(leaks(events)).toEqual([]);
    expect(leaks(g.server.output())).toEqual([]);
  });
});
