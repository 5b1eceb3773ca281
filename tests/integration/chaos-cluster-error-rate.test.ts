// Chaos in cluster mode with real peers (a private redis-server, one PostgreSQL database, instances
// A and B): an `error_rate` stop condition reads the whole cluster's answers of the service. A owns
// the experiment and checks its stop conditions; every failure goes through B. A's own traffic has
// no failure at all, so only the other instance's answers can stop the experiment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outcome, startTwoInstances, type ClusterUnderTest, type Instance } from "../helpers/cluster";
import { CALM_BREAKER, waitFor } from "../helpers/upstreams";

describe("cluster: an error_rate stop condition counts every instance's answers", () => {
  let c: ClusterUnderTest;
  let A: Instance;
  let B: Instance;
  const chaosHeader = { "x-chaos": "on" };

  beforeAll(async () => {
    ({ c, A, B } = await startTwoInstances("chaosrate"));
    const up = await c.upstream();
    await c.createService({ name: "pay", baseUrl: up.url, breaker: CALM_BREAKER, retry: { maxAttempts: 1 } });
  });
  afterAll(async () => {
    await c?.stop();
  });

  it("stops the experiment on A when the failures are all answered by B", async () => {
    for (let i = 0; i < 10; i++) expect((await outcome(await A.gw("pay", "/ok"))).status).toBe(200);
    const created = await A.admin.post("/api/v1/experiments", {
      name: "503 for the x-chaos requests",
      service: "pay",
      faults: [{ type: "error", status: 503 }],
      target: { header: { name: "x-chaos", value: "on" } },
      durationSeconds: 600,
      stopConditions: [{ type: "error_rate", above: 50, windowSeconds: 30 }],
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(created.json.status).toBe("running");
    // B follows A's experiment: its x-chaos requests get the injected 503
    await waitFor(async () => (await outcome(await B.gw("pay", "/", { headers: chaosHeader }))).status === 503, 5_000, "B to inject");

    const t0 = Date.now();
    for (let i = 0; i < 30; i++) expect((await outcome(await B.gw("pay", "/", { headers: chaosHeader }))).status).toBe(503);
    // A alone answered 10 × 200 (0 %); with B's answers more than half of the window failed
    const stopped = await waitFor(
      async () => {
        const e = (await A.admin.get(`/api/v1/experiments/${id}`)).json;
        return e.status === "running" ? null : e;
      },
      10_000,
      "the experiment to stop on its error rate",
    );
    const took = Date.now() - t0;
    expect(stopped).toMatchObject({ status: "stopped", stopReason: { type: "error_rate", above: 50, windowSeconds: 30 } });
    expect(stopped.stopReason.value).toBeGreaterThan(50);
    expect(took).toBeLessThan(6_000);
    // the stop reaches B: its x-chaos requests pass again
    await waitFor(async () => (await outcome(await B.gw("pay", "/", { headers: chaosHeader }))).status === 200, 3_000, "B to stop injecting");
  });
});
