// SLOs through the real server and gateway (issue #6): the CRUD API with its roles, validation and
// audit trail; status maths from real traffic through the gateway (availability and latency SLIs, every
// answer counted: refusals are bad events, per-user-limit refusals only with countUserLimited); the
// Prometheus gauges.
import { afterAll, beforeAll, describe, it } from "vitest";
import { startGateway, waitFor, type GatewayUnderTest, type Upstream, calmServices, sendCalls } from "../helpers/upstreams";

const sloBody = (service: string, extra: Record<string, unknown> = {}) => ({
  name: `${service} availability`,
  service,
  sli: { type: "availability" },
  objective: 99,
  windowSeconds: 3600,
  ...extra,
});

describe.concurrent("SLO API and status maths (sqlite)", () => {
  let g: GatewayUnderTest;
  const ups: Upstream[] = [];
  /** A fresh upstream + service (calm breaker, no retries) with a unique name. */
  const service = calmServices(() => g, ups);
  const createSlo = async (body: Record<string, unknown>) => {
    const r = await g.operator.post("/api/v1/slos", body);
    if (r.status !== 201) throw new Error(`creating SLO: ${r.status} ${r.text}`);
    return r.json;
  };
  const status = async (id: string) => {
    const r = await g.viewer.get(`/api/v1/slos/${id}/status`);
    if (r.status !== 200) throw new Error(`SLO status: ${r.status} ${r.text}`);
    return r.json;
  };
  /** Sends `count` requests one after another and returns their statuses. */
  const send = (svc: string, count: number) => sendCalls(g, svc, count);

  /** A fresh service and its SLO after 8 good and then 2 failed requests (the upstream still failing). */
  const eightGoodTwoBad = async (prefix: string) => {
    const { name, up } = await service(prefix);
    const slo = await createSlo(sloBody(name));
    await send(name, 8);
    up.set({ status: 500 });
    await send(name, 2);
    return { name, up, slo };
  };

  beforeAll(async () => {
    g = await startGateway({ provider: "sqlite" });
  });
  afterAll(async () => {
    if (process.env.DUMP_SERVER) console.log(g?.server.output());
    await g?.stop().catch(() => undefined);
    await Promise.all(ups.map((u) => u.close().catch(() => undefined)));
  });

  it("creates (operator) with defaults filled in, refuses viewers, gets one and 404s unknown ids", async ({ expect }) => {
    const { name } = await service("crud");
    const denied = await g.viewer.post("/api/v1/slos", sloBody(name));
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe("forbidden");

    const created = await g.operator.post("/api/v1/slos", sloBody(name));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: `${name} availability`,
      service: name,
      sli: { type: "availability" },
      objective: 99,
      windowSeconds: 3600,
      alerting: { pageBurnRate: 14.4, ticketBurnRate: 1 },
      tripBreakerOnBurnRate: null,
      createdBy: "operator",
    });
    expect(typeof created.json.id).toBe("string");

    const one = await g.viewer.get(`/api/v1/slos/${created.json.id}`);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id: created.json.id, service: name, objective: 99 });

    const missing = await g.viewer.get("/api/v1/slos/00000000-0000-0000-0000-000000000000");
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe("not_found");
    const missingStatus = await g.viewer.get("/api/v1/slos/00000000-0000-0000-0000-000000000000/status");
    expect(missingStatus.status).toBe(404);
  });

  it("answers 400 validation_failed with one detail per bad field", async ({ expect }) => {
    const { name } = await service("valid");
    const paths = async (body: unknown) => {
      const r = await g.operator.post("/api/v1/slos", body);
      expect(r.status, r.text).toBe(400);
      expect(r.json.error.code).toBe("validation_failed");
      return (r.json.error.details as { path: string }[]).map((d) => d.path);
    };
    expect(await paths(sloBody(name, { objective: 100 }))).toContain("objective");
    expect(await paths(sloBody(name, { objective: 150 }))).toContain("objective");
    expect(await paths(sloBody(name, { objective: 0 }))).toContain("objective");
    expect(await paths(sloBody(name, { windowSeconds: 600 }))).toContain("windowSeconds");
    expect(await paths(sloBody(name, { sli: { type: "latency" } }))).toContain("sli.thresholdMs");
    expect(await paths(sloBody("no-such-service"))).toEqual(["service"]);
    expect(await paths(sloBody(name, { colour: "blue" }))).toContain("colour");
    expect(await paths(sloBody(name, { alerting: { pageBurnRate: -1 } }))).toContain("alerting.pageBurnRate");
    // several bad fields at once: one detail each
    const many = await paths(sloBody(name, { objective: 150, windowSeconds: 10 }));
    expect(many).toEqual(expect.arrayContaining(["objective", "windowSeconds"]));
    // nothing was created
    const list = await g.viewer.get("/api/v1/slos");
    expect((list.json as any[]).filter((s) => s.service === name)).toEqual([]);
  });

  it("status maths: N good + M bad requests through the gateway give events, SLI, budget and burn rates", async ({ expect }) => {
    const { name, up } = await service("maths");
    const slo = await createSlo(sloBody(name));
    const empty = await status(slo.id);
    expect(empty).toMatchObject({ sli: 100, objective: 99, events: { good: 0, total: 0 }, errorBudget: { total: 0, consumed: 0, remaining: 0, remainingRatio: 1 } });
    expect(empty.lookbacks["1h"]).toBe(10);
    expect(empty.lookbacks["5m"]).toBe(10);

    expect(await send(name, 90)).toEqual(Array(90).fill(200));
    up.set({ status: 500 });
    expect(await send(name, 10)).toEqual(Array(10).fill(500));
    up.set({ status: 200 });

    const s = await status(slo.id);
    expect(s.events).toEqual({ good: 90, total: 100 });
    expect(s.sli).toBeCloseTo(90, 6);
    expect(s.objective).toBe(99);
    // 1 % of 100 calls may fail: 1 allowed, 10 consumed, 9 overspent
    expect(s.errorBudget.total).toBeCloseTo(1, 6);
    expect(s.errorBudget.consumed).toBe(10);
    expect(s.errorBudget.remaining).toBeCloseTo(-9, 6);
    expect(s.errorBudget.remainingRatio).toBeCloseTo(-9, 6);
    expect(s.errorBudget.remaining).toBeCloseTo(s.errorBudget.total - s.errorBudget.consumed, 6);
    // every event is inside the scaled "3d" (360 s) and "6h" (30 s) lookbacks: 10 % errors / 1 % budget
    expect(s.burnRates["3d"]).toBeCloseTo(10, 6);
    expect(s.burnRates["6h"]).toBeCloseTo(10, 6);
    for (const w of ["5m", "30m", "1h", "6h", "1d", "3d"]) expect(s.burnRates[w]).toBeGreaterThanOrEqual(0);
    expect(s.exhaustsAt).toBeDefined(); // the budget is already overspent
    expect(Array.isArray(s.series) && s.series.length).toBeGreaterThan(0);
    expect(s.series[s.series.length - 1]).toMatchObject({ remainingRatio: s.errorBudget.remainingRatio });

    // the SLO's own view carries the status too
    const one = await g.viewer.get(`/api/v1/slos/${slo.id}`);
    expect(one.json.status.events).toEqual({ good: 90, total: 100 });
  });

  it("a latency SLI counts slow requests (whatever their status) as bad", async ({ expect }) => {
    // wide margins on both sides of the threshold: a loaded machine adds latency to "fast" calls
    const { name, up } = await service("latency", { latencyMs: 900 });
    const slo = await createSlo({ ...sloBody(name), name: `${name} latency`, sli: { type: "latency", thresholdMs: 450 } });
    expect(await send(name, 4)).toEqual(Array(4).fill(200)); // slow: bad
    up.set({ latencyMs: 0 });
    expect(await send(name, 6)).toEqual(Array(6).fill(200)); // fast: good
    up.set({ status: 500 });
    expect(await send(name, 2)).toEqual([500, 500]); // fast failures: good for a latency SLI
    const s = await status(slo.id);
    expect(s.events).toEqual({ good: 8, total: 12 });
    expect(s.errorBudget.consumed).toBe(4);
    expect(s.sli).toBeCloseTo((8 / 12) * 100, 3);
  });

  it("counts what clients get: refusals by an open breaker or a full bulkhead are bad events", async ({ expect }) => {
    const { name, up } = await service("refused", {}, { bulkhead: { maxConcurrent: 1, maxQueue: 0 } });
    const slo = await createSlo(sloBody(name));
    expect(await send(name, 5)).toEqual(Array(5).fill(200));

    const forced = await g.operator.post(`/api/v1/breakers/${name}/force`, { state: "open", reason: "refusal test" });
    expect(forced.status).toBe(200);
    const refused = await send(name, 7);
    expect(refused).toEqual(Array(7).fill(503));
    expect((await g.operator.delete(`/api/v1/breakers/${name}/force?to=closed`)).status).toBe(200);

    // bulkhead full: one request held at the upstream, the others refused with bulkhead_full
    up.set({ hold: true });
    const held = g.gw(name, "/held");
    await waitFor(() => up.held === 1, 10_000, "the held request");
    const rejected = await send(name, 3);
    expect(rejected).toEqual([503, 503, 503]);
    up.release();
    expect((await held).status).toBe(200);

    expect(up.total).toBe(6);
    const s = await status(slo.id);
    // 6 answered by the upstream, 7 refused by the open breaker, 3 by the full bulkhead
    expect(s.events).toEqual({ good: 6, total: 16 });
    // the breaker trip reads upstream outcomes only: its own refusals do not burn there
    expect(s.upstreamBurnRates).toEqual({ "5m": 0, "1h": 0 });
  });

  it("a forced-open breaker's refusals make the SLO's bad events rise", async ({ expect }) => {
    const { name } = await service("breaker-refusal");
    const slo = await createSlo(sloBody(name));
    expect(await send(name, 4)).toEqual(Array(4).fill(200));
    expect((await status(slo.id)).events).toEqual({ good: 4, total: 4 });
    expect((await g.operator.post(`/api/v1/breakers/${name}/force`, { state: "open", reason: "SLI test" })).status).toBe(200);
    expect(await send(name, 5)).toEqual(Array(5).fill(503));
    const s = await status(slo.id);
    expect(s.events).toEqual({ good: 4, total: 9 });
    expect(s.sli).toBeLessThan(100);
    expect(s.errorBudget.consumed).toBe(5);
  });

  it("per-user-limit refusals are left out by default, and count as bad with sli.countUserLimited", async ({ expect }) => {
    const { name, up } = await service("user-limit", {}, { perUserBulkhead: { key: "header:x-user-id", maxConcurrent: 1 } });
    const lenient = await createSlo(sloBody(name));
    const strict = await createSlo({ ...sloBody(name), name: `${name} strict`, sli: { type: "availability", countUserLimited: true } });
    expect(strict.sli).toEqual({ type: "availability", countUserLimited: true });
    up.set({ hold: true });
    const held = g.gw(name, "/x", { headers: { "x-user-id": "noisy" } });
    await waitFor(() => up.held === 1, 10_000, "the held request");
    for (let i = 0; i < 3; i++) expect((await g.gw(name, "/x", { headers: { "x-user-id": "noisy" } })).status).toBe(429);
    up.release();
    expect((await held).status).toBe(200);
    expect((await status(lenient.id)).events).toEqual({ good: 1, total: 1 });
    expect((await status(strict.id)).events).toEqual({ good: 1, total: 4 });
  });

  it("PUT that only changes the objective keeps the history, including requests of the current 10-s bucket", async ({ expect }) => {
    const { name, slo } = await eightGoodTwoBad("edit-now");
    expect((await status(slo.id)).events).toEqual({ good: 8, total: 10 });
    const put = await g.operator.request("PUT", `/api/v1/slos/${slo.id}`, sloBody(name, { objective: 95 }));
    expect(put.status, put.text).toBe(200);
    // same service and SLI: what was measured still counts, however recent
    expect((await status(slo.id)).events).toEqual({ good: 8, total: 10 });
  });

  it("PUT keeps the (flushed) history when only the objective changes; roles, validation, 404; DELETE then 404; audit entries", async ({ expect }) => {
    const { name, up, slo } = await eightGoodTwoBad("edit");
    up.set({ status: 200 });
    expect((await status(slo.id)).events).toEqual({ good: 8, total: 10 });
    // let the 10-s bucket of these requests end, so this part does not depend on open buckets
    const bucket = Math.floor(Date.now() / 10_000);
    await waitFor(() => Math.floor(Date.now() / 10_000) > bucket, 12_000, "the next 10-s bucket");

    const viewerPut = await g.viewer.request("PUT", `/api/v1/slos/${slo.id}`, sloBody(name, { objective: 95 }));
    expect(viewerPut.status).toBe(403);
    const bad = await g.operator.request("PUT", `/api/v1/slos/${slo.id}`, sloBody(name, { objective: 100 }));
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: any) => d.path)).toContain("objective");
    const missingPut = await g.operator.request("PUT", "/api/v1/slos/00000000-0000-0000-0000-000000000000", sloBody(name));
    expect(missingPut.status).toBe(404);

    const put = await g.operator.request("PUT", `/api/v1/slos/${slo.id}`, sloBody(name, { objective: 95 }));
    expect(put.status, put.text).toBe(200);
    expect(put.json).toMatchObject({ id: slo.id, objective: 95 });
    const kept = await status(slo.id);
    expect(kept.events).toEqual({ good: 8, total: 10 }); // same measure: history kept
    expect(kept.objective).toBe(95);
    expect(kept.errorBudget.total).toBeCloseTo(0.5, 6);
    expect(kept.errorBudget.consumed).toBe(2);
    expect((await g.viewer.get(`/api/v1/slos/${slo.id}`)).json).toMatchObject({ objective: 95 });

    expect((await g.viewer.delete(`/api/v1/slos/${slo.id}`)).status).toBe(403);
    const del = await g.operator.delete(`/api/v1/slos/${slo.id}`);
    expect(del.status).toBe(204);
    expect((await g.viewer.get(`/api/v1/slos/${slo.id}`)).status).toBe(404);
    expect((await g.viewer.get(`/api/v1/slos/${slo.id}/status`)).status).toBe(404);
    expect((await g.operator.delete(`/api/v1/slos/${slo.id}`)).status).toBe(404);
    expect(((await g.viewer.get("/api/v1/slos")).json as any[]).map((s) => s.id)).not.toContain(slo.id);
    await send(name, 2); // traffic for a service whose SLO is gone is fine
    expect((await g.viewer.get(`/api/v1/slos/${slo.id}`)).status).toBe(404);

    const audit = await g.viewer.get(`/api/v1/audit?target=${encodeURIComponent(`slo:${slo.id}`)}&limit=50`);
    expect(audit.status).toBe(200);
    expect((audit.json as any[]).map((e) => e.action)).toEqual(["slo.delete", "slo.update", "slo.create"]);
    const [delEntry, updEntry, createEntry] = audit.json as any[];
    expect(createEntry).toMatchObject({ actor: "operator", after: { objective: 99, service: name } });
    expect(updEntry).toMatchObject({ actor: "operator", before: { objective: 99 }, after: { objective: 95 } });
    expect(delEntry).toMatchObject({ actor: "operator", before: { service: name, objective: 95 } });
  });

  it("PUT that changes the SLI restarts the history (and says so in the audit entry)", async ({ expect }) => {
    const { name } = await service("resli");
    const slo = await createSlo(sloBody(name));
    await send(name, 6);
    expect((await status(slo.id)).events).toEqual({ good: 6, total: 6 });
    const changed = await g.operator.request("PUT", `/api/v1/slos/${slo.id}`, sloBody(name, { sli: { type: "latency", thresholdMs: 500 } }));
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json).toMatchObject({ sli: { type: "latency", thresholdMs: 500 } });
    expect((await status(slo.id)).events).toEqual({ good: 0, total: 0 });
    await send(name, 2);
    expect((await status(slo.id)).events).toEqual({ good: 2, total: 2 });
    const audit = await g.viewer.get(`/api/v1/audit?target=${encodeURIComponent(`slo:${slo.id}`)}&action=slo.update`);
    expect(audit.json[0]).toMatchObject({ action: "slo.update", after: { sli: { type: "latency", thresholdMs: 500 } }, reason: expect.stringContaining("history") });
  });

  it("GET /slos lists every SLO sorted by remaining budget (most burnt first)", async ({ expect }) => {
    const healthy = await service("sorted-ok");
    const burnt = await service("sorted-bad", { status: 500 });
    const a = await createSlo({ ...sloBody(healthy.name), name: `aaa ${healthy.name}` });
    const b = await createSlo({ ...sloBody(burnt.name), name: `zzz ${burnt.name}` });
    await send(healthy.name, 5);
    await send(burnt.name, 5);
    // statuses in the list come from the periodic evaluation (every 2 s)
    const list = await waitFor(
      async () => {
        const r = await g.viewer.get("/api/v1/slos");
        const mine = (r.json as any[]).find((s) => s.id === b.id);
        return mine?.status?.errorBudget.remainingRatio < 0 ? (r.json as any[]) : undefined;
      },
      15_000,
      "the burnt SLO's status in the list",
    );
    const ids = list.map((s) => s.id);
    expect(ids).toContain(a.id);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
    const ratios = list.map((s) => s.status?.errorBudget.remainingRatio ?? 1);
    expect([...ratios].sort((x, y) => x - y)).toEqual(ratios);
  });

  it("/metrics exposes breakwater_slo_error_budget_remaining_ratio{slo} and breakwater_alerts_firing{severity}", async ({ expect }) => {
    const { name } = await service("metrics", { status: 500 });
    const slo = await createSlo({ ...sloBody(name), name: `metrics ${name}` });
    await send(name, 4);
    const esc = slo.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const text = await waitFor(
      async () => {
        const t = await g.metrics();
        return new RegExp(`^breakwater_slo_error_budget_remaining_ratio\\{slo="${esc}"\\} -99$`, "m").test(t) ? t : undefined;
      },
      15_000,
      "the SLO budget gauge at -99 (4 bad of 4 with a 1 % budget)",
    );
    expect(text).toMatch(/^# TYPE breakwater_slo_error_budget_remaining_ratio gauge$/m);
    for (const sev of ["critical", "warning", "info"]) expect(text).toMatch(new RegExp(`^breakwater_alerts_firing\\{severity="${sev}"\\} \\d+$`, "m"));
  });
});
