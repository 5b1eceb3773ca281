// Cluster mode: an SLO's status is the cluster's. Good answers on A and bad ones on B add up, and
// both instances report the same events and budget (each flushes its 10-s buckets to PostgreSQL
// and adds the other's rows: every second here, BREAKWATER_SLO_FLUSH_INTERVAL_MS, instead of 10 s).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Instance, startTwoInstances, type TwoInstances } from "../helpers/cluster";
import { CALM_BREAKER, waitFor } from "../helpers/upstreams";

describe("cluster: one SLO status across instances", () => {
  let { c, A, B } = {} as TwoInstances;
  beforeAll(async () => void ({ c, A, B } = await startTwoInstances("slos", { BREAKWATER_SLO_FLUSH_INTERVAL_MS: "1000" })));
  afterAll(() => c?.stop());

  it("sums every instance's counts, so every dashboard shows the same budget", async () => {
    const good = await c.upstream({ status: 200 });
    await c.createService({ name: "ledger", baseUrl: good.url, breaker: CALM_BREAKER, retry: { maxAttempts: 1 } });
    const created = await A.admin.post("/api/v1/slos", { name: "ledger availability", service: "ledger", sli: { type: "availability" }, objective: 90, windowSeconds: 3600 });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    await waitFor(async () => (await B.admin.get(`/api/v1/slos/${id}`)).status === 200, 10_000, "B to load the SLO");

    for (let i = 0; i < 6; i++) expect((await A.gw("ledger", "/ok")).status).toBe(200);
    // B refuses with its breaker forced open (a cluster-wide override): bad events, counted on B
    await B.force("ledger", "open");
    await c.waitState("ledger", "forced_open", 10_000);
    for (let i = 0; i < 4; i++) expect((await B.gw("ledger", "/refused")).status).toBe(503);

    const events = async (node: Instance) => (await node.admin.get(`/api/v1/slos/${id}/status`)).json.events;
    for (const node of [A, B]) {
      await waitFor(async () => {
        const e = await events(node);
        return e.total === 10 && e.good === 6 ? e : null;
      }, 40_000, `${node.id} to see both instances' counts`);
    }
    const [a, b] = await Promise.all([A, B].map(async (n) => (await n.admin.get(`/api/v1/slos/${id}/status`)).json));
    expect(a.errorBudget).toEqual(b.errorBudget);
    expect(a.sli).toBe(60);
  });
});
