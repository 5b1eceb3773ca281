// Notifications and alert sources through the real server and a real local webhook receiver
// (issue #6): webhook notifiers (admin only, validation, Alertmanager v4 payloads for firing and
// resolved alerts, retries with a delivery log, test sends, deletion), silences (recorded but not
// notified, regex matchers, expiry, validation), and the breaker / bulkhead alert sources.
// Notifiers and silences are global: a test that counts everything its receiver got, or lists
// every notifier, runs on a server of its own; tests whose services, silences and receivers cannot
// meet (they match notifications by their own labels) share one. The servers start side by side.
import { afterAll, beforeAll, describe, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";
import { CALM_BREAKER, startGateway, startUpstream, waitFor, type GatewayUnderTest, type Upstream, sendCalls } from "../helpers/upstreams";

// trips after 3 failures in a row, half-opens after 1 s, closes after one success
const TRIPPY = { consecutiveFailures: 3, minimumCalls: 10_000, window: { type: "count", size: 10_000 }, waitInOpenMs: 1000, halfOpenMaxCalls: 1, successThreshold: 1 };

interface Env {
  g: GatewayUnderTest;
  hook: WebhookReceiver;
  service(name: string, b?: Parameters<typeof startUpstream>[0], extra?: Record<string, unknown>): Promise<Upstream>;
  notifier(name?: string): Promise<any>;
  alerts(query?: string): Promise<any[]>;
  send(svc: string, count: number): Promise<number[]>;
  /** Fails the service 3 times (trips its breaker) and returns the open BreakerOpen alert. */
  trip(svc: string, up: Upstream): Promise<any>;
  /** Heals the upstream and lets the breaker close through half-open (the alert resolves). */
  heal(svc: string, up: Upstream): Promise<void>;
}

/** The servers of this file: "sources" and "silences" are shared by two tests each. */
const SERVERS = ["sources", "silences", "retries", "deletion"] as const;
const servers = new Map<(typeof SERVERS)[number], Promise<GatewayUnderTest>>();

async function withEnv(server: (typeof SERVERS)[number], fn: (e: Env) => Promise<void>, hookOpts?: Parameters<typeof startWebhookReceiver>[0]) {
  const g = await servers.get(server)!;
  const hook = await startWebhookReceiver(hookOpts);
  const ups: Upstream[] = [];
  const alerts = async (query = "") => {
    const r = await g.viewer.get(`/api/v1/alerts?limit=500${query}`);
    if (r.status !== 200) throw new Error(`alerts: ${r.status} ${r.text}`);
    return r.json as any[];
  };
  const send = (svc: string, count: number) => sendCalls(g, svc, count);
  const e: Env = {
    g,
    hook,
    async service(name, b, extra = {}) {
      const u = await startUpstream(b);
      ups.push(u);
      await g.createService({ name, baseUrl: u.url, breaker: TRIPPY, retry: { maxAttempts: 1 }, ...extra });
      return u;
    },
    async notifier(name = "ops-hook") {
      const r = await g.admin.post("/api/v1/notifiers", { name, type: "webhook", config: { url: hook.url } });
      if (r.status !== 201) throw new Error(`creating notifier: ${r.status} ${r.text}`);
      return r.json;
    },
    alerts,
    send,
    async trip(svc, up) {
      up.set({ status: 500 });
      await send(svc, 3);
      return waitFor(async () => (await alerts("&status=firing")).find((a) => a.labels.breaker === svc), 10_000, `the BreakerOpen alert of ${svc}`);
    },
    async heal(svc, up) {
      up.set({ status: 200 });
      await waitFor(async () => (await g.breaker(svc)).state === "half_open", 10_000, `${svc} half-open`);
      await send(svc, 1);
      await waitFor(async () => (await g.breaker(svc)).state === "closed", 10_000, `${svc} closed`);
    },
  };
  try {
    await fn(e);
  } finally {
    await hook.close().catch(() => undefined);
    await Promise.all(ups.map((u) => u.close().catch(() => undefined)));
  }
}

describe.concurrent("notifications and alert sources (sqlite)", () => {
  beforeAll(async () => {
    for (const key of SERVERS) servers.set(key, startGateway({ provider: "sqlite" }));
    await Promise.all(servers.values());
  });
  afterAll(async () => {
    await Promise.all([...servers.values()].map(async (g) => (await g.catch(() => undefined))?.stop().catch(() => undefined)));
  });

  it("webhook notifier: admin only, validated; the receiver gets the firing and then the resolved alert in Alertmanager v4 format", async ({ expect }) => {
    await withEnv("sources", async ({ g, hook, service, notifier, alerts, trip, heal }) => {
      expect((await g.operator.post("/api/v1/notifiers", { name: "x", type: "webhook", config: { url: hook.url } })).status).toBe(403);
      expect((await g.operator.get("/api/v1/notifiers")).status).toBe(403);
      const bad = await g.admin.post("/api/v1/notifiers", { name: "bad", type: "webhook", config: { url: "ftp://example.com/hook" } });
      expect(bad.status).toBe(400);
      expect(bad.json.error.code).toBe("validation_failed");
      expect(bad.json.error.details.map((d: any) => d.path)).toEqual(["config.url"]);
      const notUrl = await g.admin.post("/api/v1/notifiers", { name: "bad", type: "webhook", config: { url: "not a url" } });
      expect(notUrl.json.error.details.map((d: any) => d.path)).toEqual(["config.url"]);
      const badType = await g.admin.post("/api/v1/notifiers", { name: "bad", type: "carrier-pigeon", config: {} });
      expect(badType.status).toBe(400);
      expect(badType.json.error.details.map((d: any) => d.path)).toEqual(["type"]);

      const created = await notifier("ops-hook");
      expect(created).toMatchObject({ name: "ops-hook", type: "webhook", createdBy: "admin" });
      expect(created.target).toContain(`127.0.0.1:${hook.port}/hook`);
      const dup = await g.admin.post("/api/v1/notifiers", { name: "ops-hook", type: "webhook", config: { url: hook.url } });
      expect(dup.status).toBe(409);
      expect(dup.json.error.code).toBe("conflict");
      const list = await g.admin.get("/api/v1/notifiers");
      expect((list.json as any[]).map((x) => x.name)).toEqual(["ops-hook"]);

      const up = await service("orders");
      const alert = await trip("orders", up);
      expect(alert).toMatchObject({ source: "breaker", severity: "critical", status: "firing", silenced: false, labels: { alertname: "BreakerOpen", breaker: "orders", service: "orders" } });
      const firing = await waitFor(() => hook.matching({ breaker: "orders" }, "firing")[0], 10_000, "the firing notification");
      expect(firing.method).toBe("POST");
      expect(firing.headers["content-type"]).toContain("application/json");
      const p = firing.body;
      expect(p).toMatchObject({ version: "4", status: "firing", receiver: expect.any(String), groupKey: expect.any(String), truncatedAlerts: 0, externalURL: expect.stringMatching(/^https?:\/\//) });
      expect(p.commonLabels).toMatchObject({ alertname: "BreakerOpen", breaker: "orders", severity: "critical" });
      expect(p.alerts).toHaveLength(1);
      expect(p.alerts[0]).toMatchObject({
        status: "firing",
        labels: { alertname: "BreakerOpen", breaker: "orders", service: "orders", severity: "critical" },
        annotations: { summary: expect.any(String) },
        startsAt: alert.startsAt,
        endsAt: "0001-01-01T00:00:00Z",
        fingerprint: alert.fingerprint,
      });
      expect(p.alerts[0].generatorURL).toContain(alert.id);
      expect(p.alerts[0].generatorURL.startsWith(p.externalURL.replace(/\/+$/, ""))).toBe(true);

      // the breaker closes: the alert resolves itself and the receiver hears about it
      await heal("orders", up);
      const resolved = await waitFor(async () => (await alerts()).find((a) => a.id === alert.id && a.status === "resolved"), 10_000, "the alert resolved");
      expect(resolved).toMatchObject({ resolvedBy: "system" });
      const done = await waitFor(() => hook.matching({ breaker: "orders" }, "resolved")[0], 10_000, "the resolved notification");
      expect(done.body).toMatchObject({ version: "4", status: "resolved" });
      expect(done.body.alerts[0]).toMatchObject({ status: "resolved", fingerprint: alert.fingerprint, startsAt: alert.startsAt });
      expect(done.body.alerts[0].endsAt).not.toBe("0001-01-01T00:00:00Z");
      expect(Date.parse(done.body.alerts[0].endsAt)).toBe(Date.parse(resolved.endsAt));
      expect(done.at).toBeGreaterThanOrEqual(firing.at);
    });
  });

  it("delivery retries: the receiver answers 503 twice, the third attempt lands, and the delivery log shows attempts 1..3", async ({ expect }) => {
    await withEnv(
      "retries",
      async ({ g, hook, service, notifier, trip }) => {
        const n = await notifier("flaky-receiver");
        const up = await service("retry-me");
        const alert = await trip("retry-me", up);
        await waitFor(() => hook.delivered.length >= 1, 20_000, "the delivery after two 503s");
        expect(hook.all.map((d) => d.answered)).toEqual([503, 503, 200]);
        expect(hook.all.map((d) => d.body?.alerts?.[0]?.fingerprint)).toEqual([alert.fingerprint, alert.fingerprint, alert.fingerprint]);

        expect((await g.operator.get("/api/v1/deliveries")).status).toBe(403);
        const log = await waitFor(
          async () => {
            const r = await g.admin.get(`/api/v1/deliveries?notifierId=${n.id}`);
            return (r.json as any[]).length >= 3 ? (r.json as any[]) : undefined;
          },
          10_000,
          "three delivery log entries",
        );
        const attempts = log.filter((d) => d.alertId === alert.id).sort((a, b) => a.attempt - b.attempt);
        expect(attempts.map((d) => [d.attempt, d.ok, d.httpStatus, d.status])).toEqual([
          [1, false, 503, "firing"],
          [2, false, 503, "firing"],
          [3, true, 200, "firing"],
        ]);
        expect(attempts[0].error).toEqual(expect.stringContaining("503"));
        expect(attempts[2].error).toBeNull();
      },
      { failFirst: 2 },
    );
  });

  it("POST /notifiers/{id}/test delivers a test payload; DELETE removes the notifier and nothing is sent to it afterwards", async ({ expect }) => {
    await withEnv("deletion", async ({ g, hook, service, notifier, alerts, trip }) => {
      const n = await notifier("to-delete");
      expect((await g.operator.post(`/api/v1/notifiers/${n.id}/test`, {})).status).toBe(403);
      const test = await g.admin.post(`/api/v1/notifiers/${n.id}/test`, {});
      expect(test.status, test.text).toBe(200);
      expect(test.json).toMatchObject({ notifierId: n.id, ok: true, httpStatus: 200, attempt: 1, status: "test", alertId: null });
      expect(hook.delivered).toHaveLength(1);
      expect(hook.delivered[0]!.body).toMatchObject({ version: "4", status: "firing", alerts: [{ labels: { alertname: "BreakwaterTest" }, endsAt: "0001-01-01T00:00:00Z" }] });
      expect((await g.admin.post("/api/v1/notifiers/no-such-notifier/test", {})).status).toBe(404);

      expect((await g.operator.delete(`/api/v1/notifiers/${n.id}`)).status).toBe(403);
      expect((await g.admin.delete(`/api/v1/notifiers/${n.id}`)).status).toBe(204);
      expect((await g.admin.delete(`/api/v1/notifiers/${n.id}`)).status).toBe(404);
      expect((await g.admin.get("/api/v1/notifiers")).json).toEqual([]);

      const up = await service("after-delete");
      const alert = await trip("after-delete", up);
      expect((await alerts()).map((a) => a.id)).toContain(alert.id); // recorded…
      // a barrier: a test delivery to a new notifier, answered before its POST returns, goes out after
      // any delivery of that alert would have (they go out at once, over loopback)
      const barrier = await notifier("barrier");
      expect((await g.admin.post(`/api/v1/notifiers/${barrier.id}/test`, {})).status).toBe(200);
      expect(hook.all).toHaveLength(2); // the two tests: nobody was notified of the alert
    });
  });

  it("silences: matching alerts are recorded as silenced but not notified; regex matchers; expiring the silence notifies again; validation", async ({ expect }) => {
    await withEnv("silences", async ({ g, hook, service, notifier, alerts, trip, heal }) => {
      await notifier("silences-hook");
      const inFuture = new Date(Date.now() + 3_600_000).toISOString();

      // validation and roles
      expect((await g.viewer.post("/api/v1/silences", { matchers: { service: "x" }, endsAt: inFuture, comment: "maintenance" })).status).toBe(403);
      const empty = await g.operator.post("/api/v1/silences", { matchers: {}, endsAt: inFuture, comment: "maintenance" });
      expect(empty.status).toBe(400);
      expect(empty.json.error.details.map((d: any) => d.path)).toEqual(["matchers"]);
      const past = await g.operator.post("/api/v1/silences", { matchers: { service: "x" }, endsAt: new Date(Date.now() - 60_000).toISOString(), comment: "maintenance" });
      expect(past.status).toBe(400);
      expect(past.json.error.details.map((d: any) => d.path)).toEqual(["endsAt"]);
      const badRegex = await g.operator.post("/api/v1/silences", { matchers: { service: "~(" }, endsAt: inFuture, comment: "maintenance" });
      expect(badRegex.status).toBe(400);
      expect(badRegex.json.error.details[0].path).toContain("matchers");

      const byName = await g.operator.post("/api/v1/silences", { matchers: { service: "inventory" }, endsAt: inFuture, comment: "inventory maintenance" });
      expect(byName.status, byName.text).toBe(201);
      expect(byName.json).toMatchObject({ matchers: { service: "inventory" }, active: true, createdBy: "operator", comment: "inventory maintenance" });
      const byRegex = await g.operator.post("/api/v1/silences", { matchers: { alertname: "BreakerOpen", service: "~pay.*" }, endsAt: inFuture, comment: "payments migration" });
      expect(byRegex.status, byRegex.text).toBe(201);

      const inventory = await service("inventory");
      const payments = await service("payments-eu");
      const orders = await service("orders");
      const a1 = await trip("inventory", inventory);
      const a2 = await trip("payments-eu", payments);
      const a3 = await trip("orders", orders); // not silenced: its notification is the barrier below
      expect(a1.silenced).toBe(true);
      expect(a2.silenced).toBe(true);
      expect(a3.silenced).toBe(false);
      // notifications go out in the order alerts are recorded: once the later one is in, none is pending
      await waitFor(() => hook.matching({ breaker: "orders" }, "firing")[0], 10_000, "the notification of the unsilenced alert");
      expect(hook.matching({ breaker: "inventory" })).toEqual([]);
      expect(hook.matching({ breaker: "payments-eu" })).toEqual([]);
      const recorded = await alerts();
      expect(recorded.find((a) => a.id === a1.id)).toMatchObject({ status: "firing", silenced: true });
      expect(recorded.find((a) => a.id === a2.id)).toMatchObject({ status: "firing", silenced: true });

      // expire the inventory silence: the next inventory alert is notified again
      const expired = await g.operator.delete(`/api/v1/silences/${byName.json.id}`);
      expect(expired.status, expired.text).toBe(200);
      expect(expired.json.active).toBe(false);
      const listed = await g.viewer.get("/api/v1/silences");
      expect((listed.json as any[]).find((s) => s.id === byName.json.id)).toMatchObject({ active: false });
      expect((listed.json as any[]).find((s) => s.id === byRegex.json.id)).toMatchObject({ active: true });
      expect((await g.operator.delete("/api/v1/silences/no-such-silence")).status).toBe(404);

      await heal("inventory", inventory);
      await waitFor(async () => (await alerts()).find((a) => a.id === a1.id)?.status === "resolved", 10_000, "the silenced alert resolved");
      const again = await trip("inventory", inventory);
      expect(again.id).not.toBe(a1.id);
      expect(again.silenced).toBe(false);
      await waitFor(() => hook.matching({ breaker: "inventory" }, "firing")[0], 10_000, "the inventory notification after the silence expired");
      // still silenced by the regex silence
      expect(hook.matching({ breaker: "payments-eu" })).toEqual([]);
      const audit = await g.viewer.get("/api/v1/audit?action=silence.");
      expect((audit.json as any[]).map((e) => e.action)).toEqual(expect.arrayContaining(["silence.create", "silence.expire"]));
    });
  });

  it("an SLO burn alert matched by an alertname silence is recorded (silenced) but not notified", async ({ expect }) => {
    await withEnv("silences", async ({ g, hook, service, notifier, alerts, send }) => {
      await notifier("burn-hook");
      const s = await g.operator.post("/api/v1/silences", { matchers: { alertname: "SloBurnRate" }, endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: "burn alerts muted" });
      expect(s.status).toBe(201);
      await service("burning", { status: 500 }, { breaker: CALM_BREAKER });
      const slo = await g.operator.post("/api/v1/slos", { name: "burning availability", service: "burning", sli: { type: "availability" }, objective: 99, windowSeconds: 3600 });
      expect(slo.status).toBe(201);
      const page = await waitFor(
        async () => {
          await send("burning", 5);
          return (await alerts()).find((a) => a.labels.slo === slo.json.id && a.labels.rule === "page");
        },
        20_000,
        "the page burn alert",
      );
      expect(page).toMatchObject({ severity: "critical", silenced: true });
      // a breaker alert is not silenced: it is notified, the burn alert is not
      const barrier = await service("barrier", { status: 500 });
      await send("barrier", 3);
      await waitFor(() => hook.matching({ breaker: "barrier" }, "firing")[0], 10_000, "the barrier notification");
      expect(hook.matching({ alertname: "SloBurnRate" })).toEqual([]);
      expect(barrier.total).toBe(3);
    });
  });

  it("breaker and bulkhead alert sources: BreakerOpen (critical) resolves when the breaker closes; BulkheadRejecting (warning) fires from the 10-s samples and clears when quiet", async ({ expect }) => {
    await withEnv("sources", async ({ g, service, alerts, trip, heal }) => {
      const up = await service("brk");
      const open = await trip("brk", up);
      expect(open).toMatchObject({ source: "breaker", severity: "critical", status: "firing", labels: { alertname: "BreakerOpen", breaker: "brk" } });
      expect(open.title).toContain("brk");
      await heal("brk", up);
      const closed = await waitFor(async () => (await alerts()).find((a) => a.id === open.id && a.status === "resolved"), 10_000, "BreakerOpen resolved");
      expect(closed).toMatchObject({ resolvedBy: "system" });
      expect(Date.parse(closed.endsAt)).toBeGreaterThanOrEqual(Date.parse(closed.startsAt));

      // bulkhead: one request held upstream, everything else refused
      const bh = await service("bh", { hold: true }, { breaker: CALM_BREAKER, bulkhead: { maxConcurrent: 1, maxQueue: 0 } });
      const held = g.gw("bh", "/held");
      await waitFor(() => bh.held === 1, 10_000, "the held request");
      const refused = await g.gw("bh", "/x");
      expect(refused.status, await refused.text()).toBe(503); // the bulkhead refuses while full
      // raised after the next 10-s sample interval with refusals (SAMPLE_INTERVAL_MS, not configurable);
      // refusals stop as soon as it is seen, so the interval it was raised in is the quiet one
      const bulk = await waitFor(
        async () => {
          const raised = (await alerts("&status=firing")).find((a) => a.labels.alertname === "BulkheadRejecting" && a.labels.service === "bh");
          if (!raised) await (await g.gw("bh", "/x")).arrayBuffer();
          return raised;
        },
        30_000,
        "the BulkheadRejecting alert",
      );
      expect(bulk).toMatchObject({ source: "bulkhead", severity: "warning", status: "firing", labels: { service: "bh" } });
      bh.release();
      await (await held).arrayBuffer();
      const cleared = await waitFor(async () => (await alerts()).find((a) => a.id === bulk.id && a.status === "resolved"), 30_000, "BulkheadRejecting cleared after a quiet interval");
      expect(cleared).toMatchObject({ resolvedBy: "system" });
    });
  });
});
