// Breaker state across a real crash (SIGKILL) and restart on the same database, operator overrides
// (force, lift, TTL expiry, reset) with their audit trail and permissions — on SQLite and PostgreSQL,
// side by side (each database's tests in order).
import { afterAll, beforeAll, describe, it } from "vitest";
import { PROVIDERS } from "../helpers/databases";
import { liftForce, startGateway, startUpstream, waitFor, type GatewayUnderTest, type Upstream } from "../helpers/upstreams";

describe.concurrent.each(PROVIDERS)("breaker recovery and overrides on %s", (provider) => {
  let g: GatewayUnderTest;
  let failing: Upstream;
  let recovering: Upstream;
  let healthy: Upstream;
  let openedBeforeCrash: { halfOpenAt: string; openedAt: string };

  const trippable = (waitInOpenMs: number) => ({ minimumCalls: 2, window: { type: "count", size: 2 }, waitInOpenMs, maxWaitInOpenMs: 600_000, halfOpenMaxCalls: 1, successThreshold: 2 });
  beforeAll(async () => {
    failing = await startUpstream({ status: 500 });
    recovering = await startUpstream({ status: 500 });
    healthy = await startUpstream();
    g = await startGateway({ provider });
    // open far longer than a SIGKILL and a restart take, however loaded the machine
    await g.createService({ name: "crashy", baseUrl: failing.url, breaker: trippable(600_000), retry: { maxAttempts: 1 } });
    // open for less time than a restart takes: its half-open time comes while the server is down
    await g.createService({ name: "recovering", baseUrl: recovering.url, breaker: trippable(2_000), retry: { maxAttempts: 1 } });
    await g.createService({ name: "forced", baseUrl: healthy.url, retry: { maxAttempts: 1 } });
  });
  afterAll(async () => {
    await g?.stop().catch(() => undefined);
    await Promise.all([failing, recovering, healthy].map((u) => u?.close().catch(() => undefined)));
  });

  it.sequential("before the crash: trips two breakers and forces another open, all persisted", async ({ expect }) => {
    for (let i = 0; i < 2; i++) await (await g.gw("crashy", "/")).text();
    const b = await g.breaker("crashy");
    expect(b.state).toBe("open");
    openedBeforeCrash = { halfOpenAt: b.halfOpenAt, openedAt: b.openedAt };
    for (let i = 0; i < 2; i++) await (await g.gw("recovering", "/")).text();
    expect((await g.breaker("recovering")).state).toBe("open");

    const forced = await g.operator.post("/api/v1/breakers/forced/force", { state: "open", reason: "database maintenance", ttlSeconds: 3600 });
    expect(forced.status).toBe(200);
    expect(forced.json).toMatchObject({ name: "forced", state: "forced_open", override: { state: "open", actor: "operator", reason: "database maintenance" } });
    expect(Date.parse(forced.json.override.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    const r = await g.gw("forced", "/");
    expect(r.status).toBe(503);
    expect(r.headers.get("x-breakwater-reason")).toBe("circuit_open");
    await r.text();
    expect(healthy.total).toBe(0);

    // wait until the transitions are in the database before pulling the plug
    for (const name of ["crashy", "recovering"]) {
      await waitFor(async () => (await g.transitions(name)).some((t: any) => t.from === "closed" && t.to === "open"), 15_000, `${name}'s open transition`);
    }
    await waitFor(async () => (await g.transitions("forced")).some((t: any) => t.to === "forced_open"), 15_000, "forced's forced_open transition");
  });

  it.sequential("after SIGKILL and restart: a tripped breaker is still open until its half-open time, and one whose time came while the server was down half-opens by itself", async ({ expect }) => {
    await g.restart("SIGKILL");
    const b = await g.breaker("crashy");
    expect(b.state).toBe("open");
    expect(b.halfOpenAt).toBe(openedBeforeCrash.halfOpenAt);
    expect(b.openedAt).toBe(openedBeforeCrash.openedAt);
    const r = await g.gw("crashy", "/");
    expect(r.status).toBe(503);
    expect(r.headers.get("x-breakwater-reason")).toBe("circuit_open");
    const retryAfter = Number(r.headers.get("retry-after"));
    expect(Math.abs(retryAfter - (Date.parse(b.halfOpenAt) - Date.now()) / 1000)).toBeLessThanOrEqual(1);
    await r.text();
    expect(failing.total).toBe(2);

    // no traffic: the restored breaker half-opens when its time is up, then trial calls close it
    recovering.set({ status: 200 });
    await expect.poll(async () => (await g.breaker("recovering")).state, { timeout: 30_000, interval: 200 }).toBe("half_open");
    expect(recovering.total).toBe(2);
    for (let i = 0; i < 2; i++) {
      const ok = await g.gw("recovering", "/");
      expect(ok.status).toBe(200);
      await ok.text();
    }
    expect((await g.breaker("recovering")).state).toBe("closed");
    const history = await waitFor(async () => {
      const t = await g.transitions("recovering");
      return t.length >= 3 ? t : undefined;
    }, 15_000, "three transitions");
    expect(history.map((t: any) => `${t.from}->${t.to}`)).toEqual(["half_open->closed", "open->half_open", "closed->open"]);
  });

  it.sequential("after SIGKILL and restart: the forced override holds with its reason, and lifting it closes the breaker", async ({ expect }) => {
    const b = await g.breaker("forced");
    expect(b.state).toBe("forced_open");
    expect(b.override).toMatchObject({ state: "open", actor: "operator", reason: "database maintenance" });
    const r = await g.gw("forced", "/");
    expect(r.status).toBe(503);
    expect(r.headers.get("x-breakwater-reason")).toBe("circuit_open");
    await r.text();
    expect(healthy.total).toBe(0);

    expect((await liftForce(g, "forced", "closed")).state).toBe("closed");
    const ok = await g.gw("forced", "/");
    expect(ok.status).toBe(200);
    await ok.text();
    expect(healthy.total).toBe(1);

    const audit = await g.viewer.get("/api/v1/audit?target=breaker:forced");
    expect(audit.status).toBe(200);
    const actions = audit.json.map((e: any) => e.action);
    expect(actions).toEqual(["breaker.lift", "breaker.force"]);
    const force = audit.json.find((e: any) => e.action === "breaker.force");
    expect(force).toMatchObject({ actor: "operator", reason: "database maintenance", target: "breaker:forced" });
  });

  it.sequential("an override with a TTL lifts itself without any traffic", async ({ expect }) => {
    await g.createService({ name: "ttl", baseUrl: healthy.url, retry: { maxAttempts: 1 } });
    const forced = await g.operator.post("/api/v1/breakers/ttl/force", { state: "open", reason: "short drill", ttlSeconds: 2 });
    expect(forced.status).toBe(200);
    expect(forced.json.state).toBe("forced_open");
    const before = healthy.total;
    await expect.poll(async () => (await g.breaker("ttl")).state, { timeout: 15_000, interval: 200 }).toBe("closed");
    expect(healthy.total).toBe(before);
    const t = await waitFor(async () => (await g.transitions("ttl")).find((x: any) => x.from === "forced_open" && x.to === "closed"), 15_000, "expiry transition");
    expect(t).toBeDefined();
  });

  it.sequential("reset closes a tripped breaker with empty windows, audited", async ({ expect }) => {
    const up = await startUpstream({ status: 503 });
    try {
      await g.createService({
        name: "resettable",
        baseUrl: up.url,
        breaker: { minimumCalls: 2, window: { type: "count", size: 2 }, waitInOpenMs: 60_000 },
        retry: { maxAttempts: 1 },
      });
      for (let i = 0; i < 2; i++) await (await g.gw("resettable", "/")).text();
      expect((await g.breaker("resettable")).state).toBe("open");
      const reset = await g.operator.post("/api/v1/breakers/resettable/reset");
      expect(reset.status).toBe(200);
      expect(reset.json.state).toBe("closed");
      expect(reset.json.metrics.calls).toBe(0);
      // one more failure does not re-trip it: the old failures are gone
      await (await g.gw("resettable", "/")).text();
      expect((await g.breaker("resettable")).state).toBe("closed");
      const audit = await g.viewer.get("/api/v1/audit?target=breaker:resettable");
      expect(audit.json.map((e: any) => e.action)).toEqual(["breaker.reset"]);
      expect(audit.json[0].actor).toBe("operator");
    } finally {
      await up.close();
    }
  });

  it.sequential("refuses force from a viewer (403), a too-short reason (400 on 'reason'), and unknown breakers (404)", async ({ expect }) => {
    const viewer = await g.viewer.post("/api/v1/breakers/forced/force", { state: "open", reason: "because I can" });
    expect(viewer.status).toBe(403);
    expect((await g.viewer.post("/api/v1/breakers/forced/reset")).status).toBe(403);
    expect((await g.viewer.delete("/api/v1/breakers/forced/force")).status).toBe(403);
    const short = await g.operator.post("/api/v1/breakers/forced/force", { state: "open", reason: "ab" });
    expect(short.status).toBe(400);
    expect(short.json.error.code).toBe("validation_failed");
    expect(short.json.error.details.map((d: any) => d.path)).toEqual(["reason"]);
    const badState = await g.operator.post("/api/v1/breakers/forced/force", { state: "sideways", reason: "valid reason" });
    expect(badState.status).toBe(400);
    expect(badState.json.error.details.map((d: any) => d.path)).toEqual(["state"]);
    const unknown = await g.operator.post("/api/v1/breakers/nope/force", { state: "open", reason: "valid reason" });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe("not_found");
    expect((await g.breaker("forced")).state).toBe("closed");
  });
});
