// Low findings: header values with control or bidi characters were accepted (header injection,
// misleading text); numbers in several schemas had no upper bound. Each is a 400 naming the field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALM_BREAKER, startGateway, startUpstream, type GatewayUnderTest, type Upstream } from "../helpers/upstreams";

const paths = (r: { json: any }) => ((r.json?.error?.details ?? []) as { path: string }[]).map((d) => d.path);

describe("strict, bounded schemas", () => {
  let g: GatewayUnderTest;
  let up: Upstream;

  beforeAll(async () => {
    g = await startGateway({ provider: "sqlite" });
    up = await startUpstream();
    await g.createService({ name: "inventory", baseUrl: up.url, breaker: CALM_BREAKER, retry: { maxAttempts: 1 } });
  });
  afterAll(async () => {
    await up?.close();
    await g?.stop();
  });

  const check = (extra: Record<string, unknown>) => g.admin.post("/api/v1/health-checks", { service: "inventory", protocol: "http", target: `${up.url}/h`, ...extra });

  const BAD_VALUES: [string, string][] = [
    ["CR LF", "x\r\nX-Injected: 1"],
    ["LF", "x\nSet-Cookie: a=b"],
    ["NUL", "x\u0000y"],
    ["other C0", "x\u0007y"],
    ["DEL", "x\u007fy"],
    ["RLO bidi", "abc\u202Edef"],
    ["isolate bidi", "abc\u2066def"],
  ];

  it.each(BAD_VALUES)("health-check header values with %s are refused, naming the header", async (_what, value) => {
    const r = await check({ options: { headers: { "X-Token": value } } });
    expect(r.status).toBe(400);
    expect(paths(r)).toEqual(["options.headers.X-Token"]);
  });

  it.each(BAD_VALUES)("notifier header values with %s are refused, naming the header", async (_what, value) => {
    const r = await g.admin.post("/api/v1/notifiers", { name: `n-${Math.random()}`, type: "webhook", config: { url: `${up.url}/hook`, headers: { "X-Token": value } } });
    expect(r.status).toBe(400);
    expect(paths(r)).toEqual(["config.headers.X-Token"]);
  });

  it("ordinary header values (with tabs and UTF-8) are accepted", async () => {
    const r = await check({ options: { headers: { "X-Note": "café\tok" } } });
    expect(r.status).toBe(201);
  });

  it("the health-check route validates with its schema (unknown fields, sizes)", async () => {
    expect(paths(await check({ surprise: 1 }))).toEqual(["surprise"]);
    expect(paths(await check({ target: `http://x/${"a".repeat(2100)}` }))).toEqual(["target"]);
    expect(paths(await check({ healthyThreshold: 1_000_000 }))).toEqual(["healthyThreshold"]);
    expect(paths(await check({ intervalMs: 86_400_000 * 30 }))).toEqual(["intervalMs"]);
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`X-H${i}`, "v"]));
    expect(paths(await check({ options: { headers: many } }))).toEqual(["options.headers"]);
  });

  it("SLO durations and rates have upper bounds", async () => {
    const slo = (extra: Record<string, unknown>) => g.operator.post("/api/v1/slos", { name: `s-${Math.random()}`, service: "inventory", sli: { type: "availability" }, objective: 99, ...extra });
    expect(paths(await slo({ sli: { type: "latency", thresholdMs: 1e12 } }))).toEqual(["sli.thresholdMs"]);
    expect(paths(await slo({ alerting: { pageBurnRate: 1e9 } }))).toEqual(["alerting.pageBurnRate"]);
    expect(paths(await slo({ tripBreakerOnBurnRate: 1e9 }))).toEqual(["tripBreakerOnBurnRate"]);
    expect(paths(await slo({ windowSeconds: 1e12 }))).toEqual(["windowSeconds"]);
    expect((await slo({ sli: { type: "latency", thresholdMs: 300 } })).status).toBe(201);
  });

  it("silences last at most a year and have bounded matchers", async () => {
    const silence = (extra: Record<string, unknown>) => g.operator.post("/api/v1/silences", { matchers: { service: "inventory" }, endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: "maintenance", ...extra });
    expect(paths(await silence({ endsAt: "2999-01-01T00:00:00Z" }))).toEqual(["endsAt"]);
    expect(paths(await silence({ comment: "x".repeat(600) }))).toEqual(["comment"]);
    expect(paths(await silence({ matchers: { service: "x".repeat(2000) } }))).toEqual(["matchers.service"]);
    expect((await silence({})).status).toBe(201);
  });

  it("notifier, alert, audit and delivery queries are bounded", async () => {
    const hook = await g.admin.post("/api/v1/notifiers", { name: "slow", type: "webhook", config: { url: `${up.url}/hook`, timeoutMs: 3_600_000 } });
    expect(paths(hook)).toEqual(["config.timeoutMs"]);
    expect(paths(await g.viewer.get("/api/v1/alerts?limit=100000"))).toEqual(["limit"]);
    expect(paths(await g.viewer.get("/api/v1/audit?limit=100000"))).toEqual(["limit"]);
    expect(paths(await g.viewer.get(`/api/v1/audit?actor=${"a".repeat(300)}`))).toEqual(["actor"]);
    expect(paths(await g.admin.get("/api/v1/deliveries?limit=100000"))).toEqual(["limit"]);
    expect(paths(await g.admin.get(`/api/v1/deliveries?notifierId=${"a".repeat(200)}`))).toEqual(["notifierId"]);
  });
});
