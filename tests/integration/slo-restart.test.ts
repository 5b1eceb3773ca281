// SLO data and alert history survive restarts (issue #6), on SQLite and PostgreSQL: after a crash
// (SIGKILL) once the periodic bucket flush has written the counts (every second on the crash
// servers: BREAKWATER_SLO_FLUSH_INTERVAL_MS), and after a graceful shutdown (SIGTERM), where the
// buckets are flushed on the way out. The alert list — resolved
// alerts, acknowledgements and notes included — reads the same afterwards.
import { afterAll, beforeAll, describe, it } from "vitest";
import { PROVIDERS } from "../helpers/databases";
import { ROOT } from "../helpers/server";
import { startGateway, startUpstream, waitFor, type GatewayUnderTest, type Upstream, sendCalls } from "../helpers/upstreams";
import { parseDatabaseUrl } from "@/server/config";
import { createPersistence } from "@/server/persistence";

// burn alerts quiet, so the alert list only holds what the test made: 4 % errors burn a 1 % budget
// 4× (below the fixed slow-page rate 6 and the thresholds below)
const QUIET_ALERTING = { pageBurnRate: 1000, ticketBurnRate: 1000 };
// trips after 3 failures in a row, half-opens quickly, closes after one success
const TRIPPY = { consecutiveFailures: 3, minimumCalls: 10_000, window: { type: "count", size: 10_000 }, waitInOpenMs: 1000, halfOpenMaxCalls: 1, successThreshold: 1 };

/** The gateways of this file's tests, started side by side before the tests (not on their clock). */
const gateways = new Map<string, Promise<GatewayUnderTest>>();
const upstreams: Upstream[] = [];

async function withGateway(key: string, fn: (g: GatewayUnderTest, upstream: (b?: Parameters<typeof startUpstream>[0]) => Promise<Upstream>) => Promise<void>) {
  const g = await gateways.get(key)!;
  await fn(g, async (b) => {
    const u = await startUpstream(b);
    upstreams.push(u);
    return u;
  });
}

const send = sendCalls;

async function sloStatus(g: GatewayUnderTest, id: string) {
  const r = await g.viewer.get(`/api/v1/slos/${id}/status`);
  if (r.status !== 200) throw new Error(`SLO status: ${r.status} ${r.text}`);
  return r.json;
}

async function alertList(g: GatewayUnderTest) {
  const r = await g.viewer.get("/api/v1/alerts?limit=500");
  if (r.status !== 200) throw new Error(`alerts: ${r.status} ${r.text}`);
  return r.json as any[];
}

/** An SLO with traffic: 48 good + 2 bad. Returns its id. */
async function sloWithTraffic(g: GatewayUnderTest, upstream: (b?: any) => Promise<Upstream>, name: string) {
  const up = await upstream();
  await g.createService({ name, baseUrl: up.url, breaker: { minimumCalls: 10_000, window: { type: "count", size: 10_000 } }, retry: { maxAttempts: 1 } });
  const created = await g.operator.post("/api/v1/slos", { name: `${name} availability`, service: name, sli: { type: "availability" }, objective: 99, windowSeconds: 3600, alerting: QUIET_ALERTING });
  if (created.status !== 201) throw new Error(`creating SLO: ${created.status} ${created.text}`);
  await send(g, name, 48);
  up.set({ status: 500 });
  await send(g, name, 2);
  up.set({ status: 200 });
  return { id: created.json.id as string, up };
}

/**
 * A history of breaker alerts: one acknowledged and then resolved by the system (the breaker closed),
 * one resolved by an operator with a comment, one still open and acknowledged with a comment.
 */
async function alertHistory(g: GatewayUnderTest, upstream: (b?: any) => Promise<Upstream>) {
  const flapUp = await upstream({ status: 500 });
  await g.createService({ name: "flap", baseUrl: flapUp.url, breaker: TRIPPY, retry: { maxAttempts: 1 } });
  const stuckUp = await upstream({ status: 500 });
  await g.createService({ name: "stuck", baseUrl: stuckUp.url, breaker: { ...TRIPPY, waitInOpenMs: 600_000, maxWaitInOpenMs: 600_000 }, retry: { maxAttempts: 1 } });

  const openAlert = (svc: string) =>
    waitFor(async () => (await alertList(g)).find((a) => a.labels.breaker === svc && a.status === "firing"), 10_000, `a firing BreakerOpen alert for ${svc}`);

  // 1: tripped, acknowledged, then resolved by the system when the breaker closes
  await send(g, "flap", 3);
  const first = await openAlert("flap");
  expect200(await g.operator.post(`/api/v1/alerts/${first.id}/ack`, { comment: "looking into it" }));
  flapUp.set({ status: 200 });
  await waitFor(async () => (await g.breaker("flap")).state === "half_open", 10_000, "flap half-open");
  await send(g, "flap", 1);
  await waitFor(async () => (await alertList(g)).find((a) => a.id === first.id)?.status === "resolved", 10_000, "the first alert resolved by the system");

  // 2: tripped again, resolved by an operator with a comment (the breaker stays open, no traffic follows)
  flapUp.set({ status: 500 });
  await send(g, "flap", 3);
  const second = await openAlert("flap");
  expect200(await g.operator.post(`/api/v1/alerts/${second.id}/resolve`, { comment: "known upstream deploy" }));

  // 3: open and acknowledged
  await send(g, "stuck", 3);
  const third = await openAlert("stuck");
  expect200(await g.operator.post(`/api/v1/alerts/${third.id}/ack`, { comment: "waiting for the vendor" }));
  return [first.id, second.id, third.id] as string[];
}

function expect200(r: { status: number; text: string }) {
  if (r.status !== 200) throw new Error(`expected 200, got ${r.status} ${r.text}`);
}

/** Sum of the SLO's stored 10-s buckets, read from the database itself. */
async function storedTotal(g: GatewayUnderTest, sloId: string): Promise<number> {
  const p = createPersistence(parseDatabaseUrl(g.db.url, ROOT));
  try {
    const rows = await p.slos.buckets(sloId, new Date(Date.now() - 3_600_000));
    return rows.filter((r) => r.resolution === "10s").reduce((n, r) => n + r.total, 0);
  } finally {
    await p.close();
  }
}

const KINDS = ["crash", "graceful"] as const;

describe.concurrent("SLO status and alert history across restarts", () => {
  beforeAll(async () => {
    for (const provider of PROVIDERS) {
      for (const kind of KINDS) gateways.set(`${provider} ${kind}`, startGateway({ provider, env: kind === "crash" ? { BREAKWATER_SLO_FLUSH_INTERVAL_MS: "1000" } : {} }));
    }
    await Promise.all(gateways.values());
  });
  afterAll(async () => {
    await Promise.all([...gateways.values()].map(async (g) => (await g.catch(() => undefined))?.stop().catch(() => undefined)));
    await Promise.all(upstreams.map((u) => u.close().catch(() => undefined)));
  });

  for (const provider of PROVIDERS) {
    it(`${provider}: SIGKILL after the periodic bucket flush keeps SLO status and the alert list`, async ({ expect }) => {
      await withGateway(`${provider} crash`, async (g, upstream) => {
        const slo = await sloWithTraffic(g, upstream, "crashy");
        const ids = await alertHistory(g, upstream);
        const before = await sloStatus(g, slo.id);
        expect(before.events).toEqual({ good: 48, total: 50 });
        const alertsBefore = await alertList(g);
        expect(alertsBefore.filter((a) => ids.includes(a.id)).map((a) => [a.status, a.resolvedBy ?? null])).toEqual([
          ["acknowledged", null],
          ["resolved", "operator"],
          ["resolved", "system"],
        ]);

        // buckets are written once they have ended (10-s buckets, flushed every second here): wait
        // for that write, then crash
        await waitFor(async () => (await storedTotal(g, slo.id)) === 50, 35_000, "the periodic flush of the SLO buckets");
        await g.restart("SIGKILL");

        const after = await sloStatus(g, slo.id);
        expect(after.events).toEqual(before.events);
        expect(after.errorBudget.consumed).toBe(2);
        expect(after.sli).toBeCloseTo(before.sli, 6);
        expect(await alertList(g)).toEqual(alertsBefore);
        // notes came back too
        const [open, byOperator, bySystem] = alertsBefore.filter((a) => ids.includes(a.id));
        expect(open.notes).toMatchObject([{ kind: "ack", author: "operator", comment: "waiting for the vendor" }]);
        expect(byOperator.notes).toMatchObject([{ kind: "resolve", author: "operator", comment: "known upstream deploy" }]);
        expect(bySystem.notes).toMatchObject([{ kind: "ack", author: "operator", comment: "looking into it" }, { kind: "resolve", author: "system" }]);
        expect(bySystem.endsAt).toBeDefined();

        // the restored open alert is still the one open alert for that breaker (no duplicate)
        const openAfter = await g.viewer.get("/api/v1/alerts?status=acknowledged");
        expect((openAfter.json as any[]).filter((a) => a.labels.breaker === "stuck").map((a) => a.id)).toEqual([open.id]);
      });
    });

    it(`${provider}: graceful restart (SIGTERM) flushes the buckets at shutdown and keeps SLO status and the alert list`, async ({ expect }) => {
      await withGateway(`${provider} graceful`, async (g, upstream) => {
        const ids = await alertHistory(g, upstream);
        // traffic right before the shutdown: its 10-s bucket is still open when SIGTERM arrives
        const slo = await sloWithTraffic(g, upstream, "graceful");
        const before = await sloStatus(g, slo.id);
        expect(before.events).toEqual({ good: 48, total: 50 });
        const alertsBefore = await alertList(g);
        expect(alertsBefore.filter((a) => ids.includes(a.id))).toHaveLength(3);

        await g.restart("SIGTERM");

        expect(await alertList(g)).toEqual(alertsBefore);
        const after = await sloStatus(g, slo.id);
        expect(after.events).toEqual(before.events);
        expect(after.errorBudget.consumed).toBe(2);
      });
    });
  }
});
