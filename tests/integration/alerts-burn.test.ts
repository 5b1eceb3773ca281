// Alerts raised by Breakwater itself, through the real server (issue #6): SLO burn-rate alerts
// (page → critical, ticket → warning; deduplicated; resolved automatically once the burn stops;
// a re-fire is a new alert), the alert lifecycle API (ack, resolve, roles, 409, paging, filters),
// tripBreakerOnBurnRate opening the breaker with reason slo_burn and recovering through half-open,
// and the Socket.IO events alert:fired / alert:updated / slo:status. No flapping across 10-s bucket
// boundaries is shown on a fake clock (server/slos/slo-service.test.ts), not by waiting here.
import { afterAll, beforeAll, describe, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { CALM_BREAKER, sleep, startGateway, waitFor, type GatewayUnderTest, type Upstream, calmServices } from "../helpers/upstreams";

// trips after 3 failures in a row; stays open for 10 minutes
const STUCK = { consecutiveFailures: 3, minimumCalls: 10_000, window: { type: "count", size: 10_000 }, waitInOpenMs: 600_000, maxWaitInOpenMs: 600_000 };

describe.concurrent("alerts (sqlite)", () => {
  let g: GatewayUnderTest;
  const ups: Upstream[] = [];
  const sockets: Socket[] = [];
  const service = calmServices(() => g, ups);
  const createSlo = async (svc: string, extra: Record<string, unknown> = {}) => {
    const r = await g.operator.post("/api/v1/slos", { name: `${svc} availability`, service: svc, sli: { type: "availability" }, objective: 99, windowSeconds: 3600, ...extra });
    if (r.status !== 201) throw new Error(`creating SLO: ${r.status} ${r.text}`);
    return r.json;
  };
  const alerts = async (query = "") => {
    const r = await g.viewer.get(`/api/v1/alerts?limit=500${query}`);
    if (r.status !== 200) throw new Error(`alerts: ${r.status} ${r.text}`);
    return r.json as any[];
  };
  const alertsWith = async (labels: Record<string, string>, query = "") =>
    (await alerts(query)).filter((a) => Object.entries(labels).every(([k, v]) => a.labels[k] === v));
  const send = async (svc: string, count: number) => {
    for (let i = 0; i < count; i++) await (await g.gw(svc, "/x")).arrayBuffer();
  };
  /** Sends requests in the background (`parallel` loops) until stopped. */
  const traffic = (svc: string, parallel = 3, pauseMs = 20) => {
    let running = true;
    const loops = Array.from({ length: parallel }, async () => {
      while (running) {
        try {
          await (await g.gw(svc, "/x")).arrayBuffer();
        } catch {
          // the server may be busy: keep going
        }
        await sleep(pauseMs);
      }
    });
    return async () => {
      running = false;
      await Promise.all(loops);
    };
  };
  const socketFor = (): Promise<{ socket: Socket; snapshot: any }> =>
    new Promise((resolve, reject) => {
      const socket = connect(g.server.url, { path: "/socket.io", transports: ["websocket"], reconnection: false, extraHeaders: { cookie: g.admin.cookie! } });
      sockets.push(socket);
      socket.once("snapshot", (snapshot) => resolve({ socket, snapshot }));
      socket.once("connect_error", reject);
    });

  /** Resolves after `n` SLO evaluations that included `sloId` (slo:status on a socket subscribed to "slos"). */
  const evaluations = async (sloId: string, n: number) => {
    const { socket } = await socketFor();
    let seen = 0;
    socket.on("slo:status", (e) => {
      if (e.slos?.some((s: any) => s.id === sloId)) seen++;
    });
    await socket.emitWithAck("subscribe", ["slos"]);
    await waitFor(() => seen >= n, 20_000, `${n} evaluations of SLO ${sloId}`);
    socket.close();
  };

  beforeAll(async () => {
    g = await startGateway({ provider: "sqlite" });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await g?.stop().catch(() => undefined);
    await Promise.all(ups.map((u) => u.close().catch(() => undefined)));
  });

  it("failures fire the page (critical) and ticket (warning) burn alerts once, which resolve by themselves after healing; a re-fire is a new alert", async ({ expect }) => {
    const { name, up } = await service("burn", { status: 500 });
    const slo = await createSlo(name);
    const stop = traffic(name);
    let page: any;
    let ticket: any;
    try {
      [page, ticket] = await waitFor(
        async () => {
          const open = await alertsWith({ slo: slo.id }, "&status=firing");
          const p = open.find((a) => a.labels.rule === "page");
          const t = open.find((a) => a.labels.rule === "ticket");
          return p && t ? [p, t] : undefined;
        },
        20_000,
        "the page and ticket burn alerts",
      );
      // keep failing for two more evaluations: still one alert per rule
      await evaluations(slo.id, 2);
    } finally {
      await stop();
    }
    expect(page).toMatchObject({
      source: "slo",
      severity: "critical",
      status: "firing",
      labels: { alertname: "SloBurnRate", rule: "page", slo: slo.id, service: name, source: "slo", slo_name: slo.name },
      silenced: false,
      notes: [],
    });
    expect(page.title).toContain(slo.name);
    expect(ticket).toMatchObject({ source: "slo", severity: "warning", status: "firing", labels: { alertname: "SloBurnRate", rule: "ticket", slo: slo.id } });
    expect(page.fingerprint).not.toBe(ticket.fingerprint);
    const pages = await alertsWith({ slo: slo.id, rule: "page" });
    expect(pages.map((a) => a.id)).toEqual([page.id]);
    expect((await alertsWith({ slo: slo.id, rule: "ticket" })).map((a) => a.id)).toEqual([ticket.id]);
    const status = await (await g.viewer.get(`/api/v1/slos/${slo.id}/status`)).json;
    expect(status.burnRates["3d"]).toBeGreaterThanOrEqual(1);

    // heal: good traffic dilutes the burn and the page alert resolves itself
    up.set({ status: 200 });
    const stopGood = traffic(name);
    let resolved: any;
    try {
      resolved = await waitFor(async () => (await alertsWith({ slo: slo.id, rule: "page" })).find((a) => a.id === page.id && a.status === "resolved"), 25_000, "the page alert resolved by itself");
    } finally {
      await stopGood();
    }
    expect(resolved).toMatchObject({ status: "resolved", resolvedBy: "system" });
    expect(new Date(resolved.endsAt).getTime()).toBeGreaterThanOrEqual(new Date(resolved.startsAt).getTime());
    expect(resolved.notes.at(-1)).toMatchObject({ kind: "resolve", author: "system" });

    // failing again: a new page alert with a new id and the same fingerprint
    up.set({ status: 500 });
    const stopBad = traffic(name);
    let again: any;
    try {
      again = await waitFor(async () => (await alertsWith({ slo: slo.id, rule: "page" }, "&status=firing"))[0], 20_000, "the page alert firing again");
    } finally {
      await stopBad();
    }
    expect(again.id).not.toBe(page.id);
    expect(again.fingerprint).toBe(page.fingerprint);
  });

  it("lifecycle: ack with comment (twice is harmless), viewer 403, resolve with comment, ack of a resolved alert 409, paging and status filter", async ({ expect }) => {
    const names: string[] = [];
    for (let i = 0; i < 4; i++) names.push((await service("life", { status: 500 }, { breaker: STUCK })).name);
    const mine: any[] = [];
    for (const svc of names) {
      await send(svc, 3);
      mine.push(await waitFor(async () => (await alertsWith({ breaker: svc }, "&status=firing"))[0], 10_000, `the BreakerOpen alert of ${svc}`));
      await sleep(5); // distinct start times
    }
    for (const a of mine) expect(a).toMatchObject({ source: "breaker", severity: "critical", status: "firing", labels: { alertname: "BreakerOpen" } });
    const [a1, a2, a3] = mine;

    const viewerAck = await g.viewer.post(`/api/v1/alerts/${a1.id}/ack`, { comment: "me too" });
    expect(viewerAck.status).toBe(403);
    expect((await g.viewer.post(`/api/v1/alerts/${a1.id}/resolve`, {})).status).toBe(403);

    const ack = await g.operator.post(`/api/v1/alerts/${a1.id}/ack`, { comment: "on it" });
    expect(ack.status, ack.text).toBe(200);
    expect(ack.json).toMatchObject({ id: a1.id, status: "acknowledged", acknowledgedBy: "operator", notes: [{ kind: "ack", author: "operator", comment: "on it" }] });
    expect(Date.parse(ack.json.acknowledgedAt)).toBeGreaterThan(0);
    const again = await g.admin.post(`/api/v1/alerts/${a1.id}/ack`, {});
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ status: "acknowledged", acknowledgedBy: "operator", acknowledgedAt: ack.json.acknowledgedAt });
    const fetched = await g.viewer.get(`/api/v1/alerts/${a1.id}`);
    expect(fetched.json).toMatchObject({ status: "acknowledged", acknowledgedBy: "operator" });

    const res = await g.operator.post(`/api/v1/alerts/${a2.id}/resolve`, { comment: "fixed by rollback" });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ id: a2.id, status: "resolved", resolvedBy: "operator", notes: [{ kind: "resolve", author: "operator", comment: "fixed by rollback" }] });
    expect(Date.parse(res.json.endsAt)).toBeGreaterThan(0);
    const ackResolved = await g.operator.post(`/api/v1/alerts/${a2.id}/ack`, {});
    expect(ackResolved.status).toBe(409);
    expect(ackResolved.json.error.code).toBe("conflict");
    expect((await g.operator.post(`/api/v1/alerts/${a2.id}/resolve`, {})).status).toBe(200); // already resolved: harmless
    expect((await g.operator.post("/api/v1/alerts/no-such-alert/ack", {})).status).toBe(404);
    expect((await g.viewer.get("/api/v1/alerts/no-such-alert")).status).toBe(404);
    expect((await g.operator.post(`/api/v1/alerts/${a3.id}/ack`, { unknown: 1 })).status).toBe(400);

    // audit trail of the lifecycle
    const audit = await g.viewer.get(`/api/v1/audit?target=${encodeURIComponent(`alert:${a1.id}`)}`);
    expect((audit.json as any[]).map((e) => e.action)).toContain("alert.ack");

    // status filter
    const acked = (await alerts("&status=acknowledged")).map((a) => a.id);
    expect(acked).toContain(a1.id);
    expect(acked).not.toContain(a2.id);
    const resolvedIds = (await alerts("&status=resolved")).map((a) => a.id);
    expect(resolvedIds).toContain(a2.id);
    expect(resolvedIds).not.toContain(a1.id);
    expect((await alerts("&status=firing")).map((a) => a.id)).toEqual(expect.arrayContaining([a3.id, mine[3].id]));
    expect((await g.viewer.get("/api/v1/alerts?status=bogus")).status).toBe(400);
    expect((await g.viewer.get("/api/v1/alerts?limit=0")).status).toBe(400);

    // paging, newest first, two at a time, following X-Next-Before
    const seen: any[] = [];
    let before: string | null = null;
    for (let page = 0; page < 100; page++) {
      const r: { status: number; json: any; headers: Headers } = await g.viewer.get(`/api/v1/alerts?limit=2${before ? `&before=${encodeURIComponent(before)}` : ""}`);
      expect(r.status).toBe(200);
      expect(r.json.length).toBeLessThanOrEqual(2);
      seen.push(...r.json);
      before = r.headers.get("x-next-before");
      if (r.json.length < 2 || !before) break;
      expect(before).toBe(r.json[1].startsAt);
    }
    const times = seen.map((a) => Date.parse(a.startsAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    for (const a of mine) expect(seen.filter((s) => s.id === a.id)).toHaveLength(1);
  });

  it("tripBreakerOnBurnRate opens the breaker with reason slo_burn (BreakerOpen alert) and it recovers through half-open after healing", async ({ expect }) => {
    const { name, up } = await service("trip", { status: 500 }, { breaker: { ...CALM_BREAKER, waitInOpenMs: 1500, halfOpenMaxCalls: 1, successThreshold: 1 } });
    await createSlo(name, { tripBreakerOnBurnRate: 5, alerting: { pageBurnRate: 1000, ticketBurnRate: 1000 } });
    const stop = traffic(name, 2, 50);
    try {
      await waitFor(async () => (await g.breaker(name)).state === "open", 20_000, "the breaker opened by the SLO");
    } finally {
      await stop();
    }
    // transitions are written behind (at once, but a busy machine may take a moment)
    const transitions = await waitFor(async () => {
      const t = await g.transitions(name);
      return t.length > 0 ? t : undefined;
    }, 10_000, "the open transition stored");
    expect(transitions[0]).toMatchObject({ from: "closed", to: "open", reason: "slo_burn" });
    expect(transitions[0].actor ?? "").toContain("slo:");
    const alert = await waitFor(async () => (await alertsWith({ alertname: "BreakerOpen", breaker: name }))[0], 10_000, "the BreakerOpen alert");
    expect(alert).toMatchObject({ severity: "critical", status: "firing", annotations: { reason: "slo_burn" } });

    // heal: the breaker half-opens, a good call closes it; good traffic keeps the burn low
    up.set({ status: 200 });
    const stopGood = traffic(name, 2, 50);
    try {
      await waitFor(
        async () => {
          const b = await g.breaker(name);
          const t = await g.transitions(name);
          return b.state === "closed" && t.some((x: any) => x.from === "half_open" && x.to === "closed");
        },
        30_000,
        "the breaker closed through half-open",
      );
      await waitFor(async () => (await alertsWith({ alertname: "BreakerOpen", breaker: name })).every((a) => a.status === "resolved"), 10_000, "the BreakerOpen alert resolved");
    } finally {
      await stopGood();
    }
    const t = await g.transitions(name);
    expect(t.some((x: any) => x.from === "open" && x.to === "half_open")).toBe(true);
  });

  it("Socket.IO: alert:fired and alert:updated reach every socket; slo:status reaches sockets subscribed to 'slos'", async ({ expect }) => {
    const { socket, snapshot } = await socketFor();
    expect(Array.isArray(snapshot.alerts)).toBe(true);
    const events: [string, any][] = [];
    socket.on("alert:fired", (a) => events.push(["fired", a]));
    socket.on("alert:updated", (a) => events.push(["updated", a]));
    const sloEvents: any[] = [];
    socket.on("slo:status", (e) => sloEvents.push(e));

    const { name } = await service("sock", { status: 500 }, { breaker: STUCK });
    const slo = await createSlo(name);
    await send(name, 3);
    const fired = await waitFor(() => events.find(([k, a]) => k === "fired" && a.labels.breaker === name)?.[1], 10_000, "alert:fired");
    expect(fired).toMatchObject({ source: "breaker", severity: "critical", status: "firing", labels: { alertname: "BreakerOpen", service: name } });
    expect((await g.operator.post(`/api/v1/alerts/${fired.id}/ack`, { comment: "seen" })).status).toBe(200);
    const updated = await waitFor(() => events.find(([k, a]) => k === "updated" && a.id === fired.id)?.[1], 10_000, "alert:updated");
    expect(updated).toMatchObject({ id: fired.id, status: "acknowledged", acknowledgedBy: "operator" });

    // not subscribed: no SLO statuses, while a subscribed socket sees two evaluations
    await evaluations(slo.id, 2);
    expect(sloEvents).toEqual([]);
    const ack = await socket.emitWithAck("subscribe", ["slos"]);
    expect(ack).toMatchObject({ ok: true, data: { topics: ["slos"] } });
    const st = await waitFor(() => sloEvents.map((e) => e.slos?.find((s: any) => s.id === slo.id)).find(Boolean), 10_000, "slo:status for the SLO");
    expect(st.status).toMatchObject({ objective: 99, events: { total: 3, good: 0 } });
    expect(st.status.errorBudget).toBeDefined();
  });
});
