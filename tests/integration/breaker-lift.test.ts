// Lifting an override through the API: by default the breaker goes to half-open and trial calls
// decide (a failing upstream opens it again at once); `?to=closed` closes it straight away; a bad
// `to` is a 400 naming the field; the transition history and the audit entry say what happened.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liftForce, startGateway, startUpstream, type GatewayUnderTest, type Upstream } from "../helpers/upstreams";

describe("lifting an override", () => {
  let g: GatewayUnderTest;
  let up: Upstream;
  const breaker = { halfOpenMaxCalls: 1, successThreshold: 1, minimumCalls: 2, window: { type: "count", size: 2 }, waitInOpenMs: 60_000 };

  beforeAll(async () => {
    up = await startUpstream({ status: 200 });
    g = await startGateway();
    await g.createService({ name: "lifted", baseUrl: up.url, breaker, retry: { maxAttempts: 1 } });
  });
  afterAll(async () => {
    await g?.stop().catch(() => undefined);
    await up?.close().catch(() => undefined);
  });

  const force = async () => {
    const r = await g.operator.post("/api/v1/breakers/lifted/force", { state: "open", reason: "lift test" });
    expect(r.status).toBe(200);
    expect(r.json.state).toBe("forced_open");
  };

  it("defaults to half-open: one trial call decides, and a healthy upstream closes the breaker", async () => {
    await force();
    expect((await liftForce(g, "lifted")).state).toBe("half_open");
    const trial = await g.gw("lifted", "/trial");
    expect(trial.status).toBe(200);
    await trial.text();
    expect((await g.breaker("lifted")).state).toBe("closed");
    // the history is written behind: wait until the trial's verdict is there
    const latest = async () => (await g.transitions("lifted")).slice(0, 2).map((t: { from: string; to: string }) => `${t.from}→${t.to}`);
    await expect.poll(latest, { timeout: 10_000, interval: 100 }).toEqual(["half_open→closed", "forced_open→half_open"]);
    const audit = await g.viewer.get("/api/v1/audit?action=breaker.lift&target=breaker:lifted");
    expect(audit.json[0]).toMatchObject({ actor: "operator", after: { state: "half_open" } });
  });

  it("a failing trial after a lift to half-open opens the breaker again", async () => {
    await force();
    up.set({ status: 503 });
    await liftForce(g, "lifted", "half_open");
    const trial = await g.gw("lifted", "/trial");
    expect(trial.status).toBe(503);
    await trial.text();
    const b = await g.breaker("lifted");
    expect(b.state).toBe("open");
    const refused = await g.gw("lifted", "/after");
    expect(refused.headers.get("x-breakwater-reason")).toBe("circuit_open");
    await refused.text();
    up.set({ status: 200 });
  });

  it("?to=closed closes at once; a bad value is a 400 naming `to`; viewers get 403", async () => {
    await force();
    expect((await g.viewer.delete("/api/v1/breakers/lifted/force")).status).toBe(403);
    const bad = await g.operator.delete("/api/v1/breakers/lifted/force?to=sideways");
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("validation_failed");
    expect(bad.json.error.details[0].path).toBe("to");
    const closed = await liftForce(g, "lifted", "closed");
    expect(closed.state).toBe("closed");
    expect(closed.metrics.calls).toBe(0);
  });
});
