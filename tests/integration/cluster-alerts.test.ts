// Cluster mode: one set of alerts. An alert raised where a breaker opened is seen, acknowledged
// and resolved through the other instance, and the same condition on the other instance does not
// open a second alert.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outcome, startTwoInstances, type TwoInstances } from "../helpers/cluster";
import { countBreaker, waitFor, type Upstream } from "../helpers/upstreams";

describe("cluster: alerts are one set across instances", () => {
  let { c, A, B } = {} as TwoInstances;
  let up: Upstream;
  beforeAll(async () => {
    ({ c, A, B } = await startTwoInstances("alerts"));
    up = await c.upstream({ status: 500 });
  });
  afterAll(() => c?.stop());

  it("acknowledges on B an alert raised on A, without a duplicate when B sees the breaker open", async () => {
    await c.createService({
      name: "alerting",
      baseUrl: up.url,
      breaker: countBreaker(3, 3, { waitInOpenMs: 600_000, maxWaitInOpenMs: 600_000 }),
      retry: { maxAttempts: 1 },
    });
    for (let i = 0; i < 3; i++) await outcome(await A.gw("alerting", "/boom"));
    await c.waitState("alerting", "open", 10_000);
    const firing = await waitFor(async () => {
      const list = (await B.admin.get("/api/v1/alerts?status=firing")).json as any[];
      return list.find((a) => a.labels.alertname === "BreakerOpen" && a.labels.breaker === "alerting");
    }, 10_000, "the breaker alert, seen from B");
    // B acknowledges A's alert
    const ack = await B.admin.post(`/api/v1/alerts/${firing.id}/ack`, { comment: "on it, from B" });
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({ status: "acknowledged", acknowledgedBy: "admin" });
    // A sees the acknowledgement
    await waitFor(async () => (await A.admin.get(`/api/v1/alerts/${firing.id}`)).json.status === "acknowledged", 10_000, "A to see the ack");
    // a reset on B closes the breaker everywhere, and the alert resolves: still one alert in all
    expect((await B.admin.post("/api/v1/breakers/alerting/reset")).status).toBe(200);
    await waitFor(async () => (await A.admin.get(`/api/v1/alerts/${firing.id}`)).json.status === "resolved", 10_000, "the alert to resolve");
    const all = ((await A.admin.get("/api/v1/alerts?limit=100")).json as any[]).filter((a) => a.labels.breaker === "alerting");
    expect(all).toHaveLength(1);
  });
});
