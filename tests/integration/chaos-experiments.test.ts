// Chaos experiments through the real server and gateway (issue #16), on SQLite and PostgreSQL: a
// 100 % error experiment trips the breaker and the report says the hypothesis held; error_rate
// and slo_burn stop conditions end it by themselves; out-of-scope users are untouched; the API's roles, validation,
// 404 and 409, the audit trail; a restart records a running experiment as aborted. Runs are ended
// early (stop, stop conditions, restart): no test waits for an experiment's duration. SQLite and
// PostgreSQL side by side, each database's tests in order.
import { afterAll, beforeAll, describe, it } from "vitest";
import { experimentDtoSchema } from "@/lib/contracts/experiments";
import { PROVIDERS } from "../helpers/databases";
import { calmServices, startGateway, waitFor, type GatewayUnderTest, type Upstream } from "../helpers/upstreams";

describe.concurrent.each(PROVIDERS)("chaos experiments on %s", (provider) => {
  let g: GatewayUnderTest;
  const ups: Upstream[] = [];
  const newService = calmServices(() => g, ups);
  /** A fresh upstream (200) and a service on it with a unique name (no retries). */
  const service = (prefix: string, extra: Record<string, unknown> = {}) => newService(prefix, undefined, extra);
  const create = async (body: Record<string, unknown>) => {
    const r = await g.operator.post("/api/v1/experiments", body);
    if (r.status !== 201) throw new Error(`creating experiment: ${r.status} ${r.text}`);
    return r.json;
  };
  const experiment = async (id: string) => {
    const r = await g.viewer.get(`/api/v1/experiments/${id}`);
    if (r.status !== 200) throw new Error(`experiment ${id}: ${r.status} ${r.text}`);
    return r.json;
  };
  const call = async (svc: string, headers: Record<string, string> = {}) => {
    const r = await g.gw(svc, "/orders", { headers });
    return { status: r.status, reason: r.headers.get("x-breakwater-reason"), text: await r.text() };
  };

  beforeAll(async () => {
    g = await startGateway({ provider });
  });
  afterAll(async () => {
    await g?.stop();
    await Promise.all(ups.map((u) => u.close().catch(() => undefined)));
  });

  it.sequential("a 100 % error experiment trips the breaker; stopped, the report says the hypothesis held", async ({ expect }) => {
    const { name, up } = await service("pay", {
      breaker: { minimumCalls: 4, window: { type: "count", size: 4 }, failureRateThreshold: 50, waitInOpenMs: 60_000 },
    });
    const exp = await create({
      name: "payments answers 503",
      service: name,
      faults: [{ type: "error", status: 503, body: "injected" }],
      durationSeconds: 600,
      hypothesis: { breakerOpensWithinSeconds: 30, maxErrorRate: 100 },
    });
    expect(exp).toMatchObject({ service: name, status: "running", createdBy: "operator", summary: expect.stringContaining(name) });
    expect((await g.viewer.get("/api/v1/experiments?status=running")).json.map((e: any) => e.id)).toContain(exp.id);

    // the injected 503s never reach the upstream; the breaker counts them and opens
    for (let i = 0; i < 4; i++) expect(await call(name)).toMatchObject({ status: 503, reason: null, text: "injected" });
    expect(await call(name)).toMatchObject({ status: 503, reason: "circuit_open" });
    expect(up.total).toBe(0);
    expect((await g.breaker(name)).state).toBe("open");

    // live figures while it runs (sent at most once a second)
    const live = await waitFor(async () => {
      const e = await experiment(exp.id);
      return e.observed.breakerTransitions.length > 0 && e.observed.responses === 5 ? e : null;
    }, 5_000, "live figures with the breaker's opening");
    expect(live.observed).toMatchObject({ requests: 5, inScope: 5, injected: { error: 4, latency: 0, abort: 0, bandwidth: 0 }, errors: 5, errorRate: 100 });
    expect(live.observed.breakerTransitions[0]).toMatchObject({ from: "closed", to: "open" });

    const stopped = await g.operator.post(`/api/v1/experiments/${exp.id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.json).toMatchObject({ status: "stopped", stopReason: { type: "manual", actor: "operator" } });
    expect(stopped.json.hypothesis).toMatchObject({ breakerOpensWithinSeconds: 30, maxErrorRate: 100, held: true });
    const opens = stopped.json.hypothesis.clauses.find((c: any) => c.clause === "breakerOpensWithinSeconds");
    expect(opens.held).toBe(true);
    expect(opens.observed).toBeLessThan(30);
    // the answer is the contract's experiment DTO; as stored: the same report
    expect(experimentDtoSchema.safeParse(stopped.json).error).toBeUndefined();
    expect(await experiment(exp.id)).toMatchObject({ status: "stopped", hypothesis: { held: true }, observed: { injected: { error: 4 } } });
    expect((await g.operator.post(`/api/v1/experiments/${exp.id}/stop`)).status).toBe(409);

    const metrics = await g.metrics();
    expect(metrics).toMatch(new RegExp(`^breakwater_chaos_injected_total\\{service="${name}",fault="error"\\} 4$`, "m"));
    expect(metrics).toMatch(new RegExp(`^breakwater_chaos_experiment_running\\{service="${name}"\\} 0$`, "m"));
    const audit = await g.viewer.get(`/api/v1/audit?target=${encodeURIComponent(`experiment:${exp.id}`)}`);
    expect(audit.json.map((e: any) => [e.action, e.actor])).toEqual([
      ["experiment.stop", "operator"],
      ["experiment.create", "operator"],
    ]);
  });

  it.sequential("an error_rate stop condition stops the experiment within 2 s of being met", async ({ expect }) => {
    const { name } = await service("rate");
    const exp = await create({
      name: "stops itself",
      service: name,
      faults: [{ type: "error", status: 500 }],
      durationSeconds: 600,
      stopConditions: [{ type: "error_rate", above: 50, windowSeconds: 10 }],
    });
    // 100 % of the service's answers fail from the first one on: the condition is met then, and the
    // experiment may end before the third call (which is then no longer injected)
    const statuses: number[] = [];
    let metAt = 0;
    for (let i = 0; i < 3; i++) {
      statuses.push((await call(name)).status);
      metAt ||= Date.now();
    }
    expect(statuses.join()).toMatch(/^500(,500)*(,200)*$/);
    const stopped = await waitFor(async () => {
      const e = await experiment(exp.id);
      return e.status === "stopped" ? e : null;
    }, 5_000, "the stop condition to stop it");
    expect(Date.parse(stopped.endedAt) - metAt).toBeLessThanOrEqual(2_000);
    expect(stopped.stopReason).toMatchObject({ type: "error_rate", above: 50, windowSeconds: 10 });
    expect(stopped.stopReason.value).toBeGreaterThan(50);
    expect((await call(name)).status).toBe(200); // no longer injected
  });

  it.sequential("an slo_burn stop condition stops it on the SLO's 1 h burn rate; the verdict reads the SLO's remaining budget", async ({ expect }) => {
    const { name } = await service("slo");
    const slo = await g.operator.post("/api/v1/slos", { name: `${name} availability`, service: name, sli: { type: "availability" }, objective: 99, windowSeconds: 3600 });
    expect(slo.status).toBe(201);
    const exp = await create({
      name: "burns the budget",
      service: name,
      faults: [{ type: "error", status: 503 }],
      durationSeconds: 600,
      stopConditions: [{ type: "slo_burn", slo: slo.json.id, above: 14.4 }],
      hypothesis: { sloRemainingAbove: { slo: slo.json.id, percent: 99 } },
    });
    // injected until the burn stops it (which may come before the fifth call)
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(name)).status);
    expect(statuses.join()).toMatch(/^503(,503)*(,200)*$/);
    const stopped = await waitFor(async () => {
      const e = await experiment(exp.id);
      return e.status === "stopped" ? e : null;
    }, 5_000, "the SLO burn to stop it");
    expect(stopped.stopReason).toMatchObject({ type: "slo_burn", slo: slo.json.id, above: 14.4 });
    expect(stopped.stopReason.value).toBeGreaterThan(14.4);
    expect(stopped.summary).toContain(`stops if the SLO \`${name} availability\` burns above 14.4×`); // by name, not id
    expect(stopped.observed.sloRemaining.start).toBeGreaterThan(stopped.observed.sloRemaining.end);
    expect(stopped.hypothesis).toMatchObject({ held: false, clauses: [{ clause: "sloRemainingAbove", expected: 99, held: false }] });
  });

  it.sequential("leaves out-of-scope users untouched (user key as the per-user bulkhead reads it)", async ({ expect }) => {
    const { name, up } = await service("scope", { perUserBulkhead: { key: "header:x-tenant", maxConcurrent: 10, maxQueue: 0 } });
    const exp = await create({ name: "alice only", service: name, faults: [{ type: "error", status: 502 }], target: { users: ["alice"] }, durationSeconds: 600 });
    expect((await call(name, { "x-tenant": "alice" })).status).toBe(502);
    expect(await call(name, { "x-tenant": "bob" })).toMatchObject({ status: 200 });
    expect((await call(name)).status).toBe(200); // no user key: out of scope
    expect((await call(name, { "x-user-id": "alice" })).status).toBe(200); // not this service's key
    expect(up.total).toBe(3);
    const stopped = (await g.operator.post(`/api/v1/experiments/${exp.id}/stop`)).json;
    expect(stopped.observed).toMatchObject({ requests: 4, inScope: 1, injected: { error: 1 }, errors: 1 });
  });

  it.sequential("validates, names every bad field, refuses a second experiment on the service, 404s and checks roles", async ({ expect }) => {
    const { name } = await service("api");
    const bad = await g.operator.post("/api/v1/experiments", {
      name: "",
      service: name,
      faults: [{ type: "latency", ms: -1 }, { type: "error", status: 404 }],
      target: { header: { name: "bad header", value: "x" } },
      durationSeconds: 5,
      stopConditions: [{ type: "error_rate", above: 120, windowSeconds: 60 }],
      surprise: true,
    });
    expect(bad.status).toBe(400);
    const paths = (r: { json: any }) => (r.json.error.details as { path: string }[]).map((d) => d.path);
    for (const p of ["name", "faults.0.ms", "faults.1.status", "target.header.name", "durationSeconds", "stopConditions.0.above"]) expect(paths(bad)).toContain(p);
    expect(bad.json.error.details.some((d: any) => /surprise/.test(`${d.path} ${d.message}`))).toBe(true);
    expect((await g.viewer.get("/api/v1/experiments?status=bogus")).status).toBe(400);

    const body = { name: "one", service: name, faults: [{ type: "latency", ms: 5 }], durationSeconds: 600 };
    expect((await g.viewer.post("/api/v1/experiments", body)).status).toBe(403);
    const first = await create(body);
    const second = await g.operator.post("/api/v1/experiments", { ...body, name: "two" });
    expect(second.status).toBe(409);
    expect(second.json.error.message).toContain(first.id);
    expect((await g.viewer.get("/api/v1/experiments/no-such-experiment")).status).toBe(404);
    expect((await g.operator.post("/api/v1/experiments/no-such-experiment/stop")).status).toBe(404);
    expect((await g.viewer.post("/api/v1/experiments/stop-all")).status).toBe(403);

    // later on the same service: scheduled (after the first one's window); too far ahead: 400 naming startAt
    const later = await create({ ...body, name: "later", startAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(later).toMatchObject({ status: "scheduled", startedAt: null });
    const tooFar = await g.operator.post("/api/v1/experiments", { ...body, name: "too far", startAt: new Date(Date.now() + 8 * 86_400_000).toISOString() });
    expect(tooFar.status).toBe(400);
    expect(paths(tooFar)).toEqual(["startAt"]);

    const all = await g.operator.post("/api/v1/experiments/stop-all");
    expect(all.status).toBe(200);
    expect(all.json.map((e: any) => [e.id, e.status])).toContainEqual([first.id, "stopped"]);
    expect(all.json.map((e: any) => [e.id, e.status])).toContainEqual([later.id, "stopped"]);
    expect((await g.viewer.get("/api/v1/experiments?status=running,scheduled")).json).toEqual([]);
  });

  it.sequential("a restart records a running experiment as aborted (reason restart); it does not resume", async ({ expect }) => {
    const { name, up } = await service("restart");
    const exp = await create({ name: "outlived?", service: name, faults: [{ type: "error", status: 503 }], durationSeconds: 600 });
    expect((await call(name)).status).toBe(503);
    // SQLite: a crash (found at the next start); PostgreSQL: a shutdown (recorded on the way out)
    await g.restart(provider === "sqlite" ? "SIGKILL" : "SIGTERM");
    const after = await experiment(exp.id);
    expect(after).toMatchObject({ status: "aborted", stopReason: { type: "restart" } });
    expect(after.hypothesis).toBeUndefined();
    expect(await call(name)).toMatchObject({ status: 200 });
    expect(up.total).toBe(1);
  });
});
