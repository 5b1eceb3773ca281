// Active health checks through the real server: the CRUD API with roles, defaults, validation paths
// and audit; live schedule changes (PUT) and deletion; thresholds; breaker integration (health_check_failed
// / health_recovered, 503 circuit_open, HealthCheckDown alert); a silent peer; results with per-minute
// aggregates; live results over Socket.IO. Real peers only: HTTP upstreams, TCP servers, closed ports.
import { beforeAll, describe, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { CALM_BREAKER, sleep, waitFor, type GatewayUnderTest } from "../helpers/upstreams";
import { healthWorld } from "../helpers/health-world";
import { closedPort, startSilentPeer } from "../helpers/peers";

/** Fast checks: the minimum interval, a short timeout. */
const FAST = { intervalMs: 1000, timeoutMs: 400 };

describe.concurrent("health checks through the server (sqlite)", () => {
  const h = healthWorld();
  const { sockets, peers, service, tcpPeer, createCheck, put, getCheck, results, healthAlerts, paths } = h;
  let g: GatewayUnderTest;
  beforeAll(() => {
    g = h.world.g;
  });

  it("creates (admin) with defaults filled in per protocol, refuses viewers, lists, gets and 404s", async ({ expect }) => {
    const { name, up } = await service("crud");
    const dead = await closedPort();
    const body = { service: name, protocol: "http", target: `${up.url}/healthz` };

    const denied = await g.viewer.post("/api/v1/health-checks", body);
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe("forbidden");

    const http = await g.admin.post("/api/v1/health-checks", body);
    expect(http.status).toBe(201);
    expect(http.json).toMatchObject({
      service: name,
      protocol: "http",
      target: `${up.url}/healthz`,
      intervalMs: 10_000,
      timeoutMs: 2_000,
      healthyThreshold: 2,
      unhealthyThreshold: 3,
      options: { method: "GET", expectStatus: "200-399", bodyMatch: "substring", followRedirects: false, insecureSkipVerify: false },
      status: "unknown",
      createdBy: "admin",
    });
    expect(typeof http.json.id).toBe("string");

    const tcp = await createCheck({ service: name, protocol: "tcp", target: `127.0.0.1:${dead}` });
    expect(tcp).toMatchObject({ protocol: "tcp", options: {}, intervalMs: 10_000, timeoutMs: 2_000, healthyThreshold: 2, unhealthyThreshold: 3 });
    const grpc = await createCheck({ service: name, protocol: "grpc", target: `127.0.0.1:${dead}` });
    expect(grpc.options).toEqual({ serviceName: "", tls: false, insecureSkipVerify: false });
    const ws = await createCheck({ service: name, protocol: "websocket", target: `ws://127.0.0.1:${dead}/ws` });
    expect(ws.options).toEqual({ insecureSkipVerify: false });
    const https = await createCheck({ service: name, protocol: "https", target: `https://127.0.0.1:${dead}/healthz`, options: { expectStatus: "200,204" } });
    expect(https.options).toMatchObject({ method: "GET", expectStatus: "200,204", insecureSkipVerify: false });

    // viewers can read
    const list = await g.viewer.get("/api/v1/health-checks");
    expect(list.status).toBe(200);
    const ids = (list.json as any[]).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([http.json.id, tcp.id, grpc.id, ws.id, https.id]));
    const one = await g.viewer.get(`/api/v1/health-checks/${tcp.id}`);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id: tcp.id, service: name, protocol: "tcp", target: `127.0.0.1:${dead}` });

    expect((await g.viewer.get("/api/v1/health-checks/no-such-check")).status).toBe(404);
    expect((await g.viewer.get("/api/v1/health-checks/no-such-check/results")).status).toBe(404);
    expect((await put("no-such-check", body)).status).toBe(404);
    expect((await g.admin.delete("/api/v1/health-checks/no-such-check")).status).toBe(404);
    // viewers cannot change or delete
    expect((await g.viewer.request("PUT", `/api/v1/health-checks/${tcp.id}`, body)).status).toBe(403);
    expect((await g.viewer.delete(`/api/v1/health-checks/${tcp.id}`)).status).toBe(403);

    // the checkers (no custom ones on this server)
    const checkers = await g.viewer.get("/api/v1/health-checkers");
    expect(checkers.status).toBe(200);
    expect(checkers.json.builtin).toEqual(expect.arrayContaining(["http", "https", "tcp", "grpc", "websocket"]));
    expect(checkers.json.custom).toEqual([]);

    for (const id of [http.json.id, tcp.id, grpc.id, ws.id, https.id]) expect((await g.admin.delete(`/api/v1/health-checks/${id}`)).status).toBe(204);
  });

  it("refuses bad checks with 400 and the paths of the bad fields", async ({ expect }) => {
    const { name, up } = await service("invalid");
    const ok = { service: name, protocol: "http", target: `${up.url}/healthz` };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ok, service: "no-such-service" }, "service"],
      [{ ...ok, protocol: "smtp" }, "protocol"],
      [{ ...ok, intervalMs: 1000, timeoutMs: 1000 }, "timeoutMs"],
      [{ ...ok, intervalMs: 1000, timeoutMs: 5000 }, "timeoutMs"],
      [{ ...ok, target: "not a url" }, "target"],
      [{ ...ok, protocol: "tcp", target: "nohost" }, "target"],
      [{ ...ok, options: { expectStatus: "abc" } }, "options.expectStatus"],
      [{ ...ok, options: { bogus: 1 } }, "options.bogus"],
      [{ ...ok, protocol: "tcp", target: "127.0.0.1:80", options: { method: "GET" } }, "options.method"],
      [{ ...ok, protocol: "custom", target: "anything", options: { checker: "not-registered" } }, "options.checker"],
      [{ ...ok, intervalMs: 500 }, "intervalMs"],
      [{ ...ok, unknownField: true }, "unknownField"],
    ];
    for (const [body, path] of cases) {
      const r = await g.admin.post("/api/v1/health-checks", body);
      expect(r.status, `${JSON.stringify(body)} → ${r.text}`).toBe(400);
      expect(r.json.error.code).toBe("validation_failed");
      expect(paths(r), JSON.stringify(body)).toContain(path);
    }
    // nothing was created for this service
    const list = (await g.viewer.get("/api/v1/health-checks")).json as any[];
    expect(list.filter((c) => c.service === name)).toEqual([]);

    // PUT validates the same way
    const created = await createCheck(ok);
    const bad = await put(created.id, { ...ok, options: { expectStatus: "abc" } });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toContain("options.expectStatus");
    expect((await getCheck(created.id)).options.expectStatus).toBe("200-399");
    expect((await g.admin.delete(`/api/v1/health-checks/${created.id}`)).status).toBe(204);
  });

  it("PUT changes the schedule live; DELETE stops the check, clears its alert and 404s afterwards; all audited", async ({ expect }) => {
    const { name } = await service("live");
    const dead = await closedPort();
    const peer = await tcpPeer();
    const body = { service: name, protocol: "tcp", target: `127.0.0.1:${dead}`, ...FAST, healthyThreshold: 1, unhealthyThreshold: 1 };

    // a dead target: unhealthy, a firing alert
    const c = await createCheck(body);
    await waitFor(async () => (await getCheck(c.id)).status === "unhealthy", 10_000, "unhealthy on a dead target");
    await waitFor(async () => (await healthAlerts(c.id, "&status=firing")).length === 1, 10_000, "HealthCheckDown firing");

    // switched to a live peer: healthy, the alert resolves
    const switched = await put(c.id, { ...body, target: `127.0.0.1:${peer.port}` });
    expect(switched.status).toBe(200);
    expect(switched.json.target).toBe(`127.0.0.1:${peer.port}`);
    await waitFor(async () => (await getCheck(c.id)).status === "healthy", 10_000, "healthy after switching to a live peer");
    expect(peer.accepted).toBeGreaterThan(0);
    await waitFor(async () => (await healthAlerts(c.id, "&status=firing")).length === 0, 10_000, "alert resolved");
    const r = await results(c.id);
    expect(r.recent[0]).toMatchObject({ healthy: true });
    expect(r.recent.some((x) => !x.healthy)).toBe(true); // the history of the old target stays

    // deleted: no more runs, 404. A witness check on the same schedule shows the scheduler kept
    // running for two more intervals meanwhile
    const witness = await tcpPeer();
    await createCheck({ ...body, target: `127.0.0.1:${witness.port}` });
    await waitFor(() => witness.accepted > 0, 10_000, "the witness check running");
    const atDelete = witness.accepted;
    expect((await g.admin.delete(`/api/v1/health-checks/${c.id}`)).status).toBe(204);
    // a run already in flight may still connect: count the peer's connections from the witness's next run on
    await waitFor(() => witness.accepted > atDelete, 10_000, "the witness check's next run");
    const accepted = peer.accepted;
    const witnessed = witness.accepted;
    await waitFor(() => witness.accepted >= witnessed + 2, 10_000, "two more runs of the witness check");
    expect(peer.accepted).toBe(accepted);
    expect((await g.viewer.get(`/api/v1/health-checks/${c.id}`)).status).toBe(404);
    expect((await g.viewer.get(`/api/v1/health-checks/${c.id}/results`)).status).toBe(404);
    expect(((await g.viewer.get("/api/v1/health-checks")).json as any[]).map((x) => x.id)).not.toContain(c.id);

    // deleting an unhealthy check resolves its alert
    const d = await createCheck(body);
    await waitFor(async () => (await healthAlerts(d.id, "&status=firing")).length === 1, 10_000, "second check's alert firing");
    expect((await g.admin.delete(`/api/v1/health-checks/${d.id}`)).status).toBe(204);
    await waitFor(async () => (await healthAlerts(d.id, "&status=firing")).length === 0, 5_000, "alert cleared by the deletion");
    expect((await healthAlerts(d.id)).length).toBe(1);

    // audit trail
    const audit = await g.viewer.get(`/api/v1/audit?target=${encodeURIComponent(`health_check:${c.id}`)}`);
    expect(audit.status).toBe(200);
    const actions = (audit.json as any[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["health_check.create", "health_check.update", "health_check.delete"]));
    expect((audit.json as any[]).every((e) => e.actor === "admin")).toBe(true);
    const update = (audit.json as any[]).find((e) => e.action === "health_check.update");
    expect(update.before).toMatchObject({ target: `127.0.0.1:${dead}` });
    expect(update.after).toMatchObject({ target: `127.0.0.1:${peer.port}` });
  });

  it("applies the thresholds: unhealthy only after 3 failures in a row, healthy again only after 2 successes", async ({ expect }) => {
    const { name, up } = await service("thresholds");
    const c = await createCheck({ service: name, protocol: "http", target: `${up.url}/healthz`, ...FAST, healthyThreshold: 2, unhealthyThreshold: 3 });

    // starts unknown; the first success is not enough
    const first = await waitFor(async () => {
      const r = await results(c.id);
      return r.recent.length >= 1 ? r : undefined;
    }, 10_000, "a first result");
    if (first.recent.length === 1) expect(first.check.status).toBe("unknown");
    await waitFor(async () => (await getCheck(c.id)).status === "healthy", 10_000, "healthy");

    /** Consecutive newest results with the given outcome, and the status seen in the same answer. */
    const observe = async (healthy: boolean, until: string, threshold: number, before: string) => {
      const seenStreaks = new Set<number>();
      await waitFor(
        async () => {
          const r = await results(c.id);
          let streak = 0;
          while (streak < r.recent.length && r.recent[streak].healthy === healthy) streak++;
          seenStreaks.add(Math.min(streak, threshold));
          if (streak < threshold) expect(r.check.status, `after ${streak} result(s)`).toBe(before);
          else expect(r.check.status, `after ${streak} result(s)`).toBe(until);
          return streak >= threshold + 1;
        },
        15_000,
        `${until} after ${threshold}`,
      );
      return seenStreaks;
    };

    up.set({ status: 500 });
    const failures = await observe(false, "unhealthy", 3, "healthy");
    expect([...failures].some((s) => s === 1 || s === 2)).toBe(true); // really saw it stay healthy
    const unhealthy = await getCheck(c.id);
    expect(unhealthy.lastError).toMatch(/500/);

    up.set({ status: 200 });
    const successes = await observe(true, "healthy", 2, "unhealthy");
    expect(successes.has(1)).toBe(true);
    expect((await getCheck(c.id)).status).toBe("healthy");
  });

  it("an unhealthy check opens the breaker (health_check_failed, 503 circuit_open, critical alert); healthy again → half-open (health_recovered) → closed by trial calls; the alert resolves", async ({ expect }) => {
    const { name, up } = await service("brk", { breaker: { ...CALM_BREAKER, waitInOpenMs: 600_000, maxWaitInOpenMs: 600_000, successThreshold: 2 } });
    const c = await createCheck({ service: name, protocol: "http", target: `${up.url}/healthz`, ...FAST, healthyThreshold: 2, unhealthyThreshold: 2 });
    await waitFor(async () => (await getCheck(c.id)).status === "healthy", 10_000, "healthy first");
    expect((await g.breaker(name)).state).toBe("closed");

    up.set({ status: 503 });
    await waitFor(async () => (await getCheck(c.id)).status === "unhealthy", 10_000, "unhealthy");
    await waitFor(async () => (await g.breaker(name)).state === "open", 5_000, "breaker open");
    const opened = await waitFor(async () => (await g.transitions(name)).find((t: any) => t.to === "open"), 5_000, "open transition");
    expect(opened.reason).toBe("health_check_failed");

    const before = up.count("/x");
    const refused = await g.gw(name, "/x");
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as any).error.code).toBe("circuit_open");
    expect(up.count("/x")).toBe(before);

    const [alert] = await waitFor(async () => {
      const a = await healthAlerts(c.id, "&status=firing");
      return a.length > 0 ? a : undefined;
    }, 5_000, "HealthCheckDown firing");
    expect(alert).toMatchObject({ severity: "critical", status: "firing", labels: { alertname: "HealthCheckDown", source: "health", check: c.id, service: name } });

    // healthy again: half-open with reason health_recovered, trial calls close it
    up.set({ status: 200 });
    await waitFor(async () => (await getCheck(c.id)).status === "healthy", 10_000, "healthy again");
    const halfOpen = await waitFor(async () => (await g.transitions(name)).find((t: any) => t.to === "half_open"), 5_000, "half-open transition");
    expect(halfOpen.reason).toBe("health_recovered");
    await waitFor(
      async () => {
        const r = await g.gw(name, "/x");
        await r.arrayBuffer();
        return (await g.breaker(name)).state === "closed";
      },
      10_000,
      "closed after trial calls",
    );
    // transitions are written behind: poll
    const closed = await waitFor(async () => (await g.transitions(name)).find((t: any) => t.to === "closed"), 5_000, "closed transition");
    expect(closed.reason).toBe("half_open_success");
    expect((await g.gw(name, "/x")).status).toBe(200);
    await waitFor(async () => (await healthAlerts(c.id, "&status=firing")).length === 0, 5_000, "alert resolved");
    const [resolved] = await healthAlerts(c.id);
    expect(resolved.status).toBe("resolved");
  });

  it("keeps the breaker open while the check is unhealthy, even after waitInOpenMs (no trial calls to a dead upstream)", async ({ expect }) => {
    const { name, up } = await service("held", { breaker: { ...CALM_BREAKER, waitInOpenMs: 1000, maxWaitInOpenMs: 1000 } });
    up.set({ status: 503 });
    const c = await createCheck({ service: name, protocol: "http", target: `${up.url}/healthz`, ...FAST, healthyThreshold: 1, unhealthyThreshold: 1 });
    await waitFor(async () => (await getCheck(c.id)).status === "unhealthy", 10_000, "unhealthy");
    await waitFor(async () => (await g.breaker(name)).state === "open", 5_000, "breaker open");

    // 4 s ≫ waitInOpenMs: the breaker must neither half-open nor let a request through
    const states = new Set<string>();
    const codes = new Set<number>();
    const before = up.count("/x");
    const until = Date.now() + 4_000;
    while (Date.now() < until) {
      states.add((await g.breaker(name)).state);
      const r = await g.gw(name, "/x");
      await r.arrayBuffer();
      codes.add(r.status);
      await sleep(100);
    }
    expect((await getCheck(c.id)).status).toBe("unhealthy");
    expect.soft(up.count("/x"), "gateway requests that reached the dead upstream").toBe(before);
    expect.soft([...codes], "gateway answers").toEqual([503]);
    expect.soft([...states], "breaker states seen").toEqual(["open"]);
    expect.soft((await g.transitions(name)).filter((t: any) => t.to === "half_open").map((t: any) => t.reason), "half-open transitions").toEqual([]);
  });

  it("a silent peer (accepts, never answers) is reported unhealthy after the timeout, and the scheduler keeps going", async ({ expect }) => {
    const { name } = await service("silent");
    const silent = await startSilentPeer();
    peers.push(silent);
    const c = await createCheck({ service: name, protocol: "http", target: `http://127.0.0.1:${silent.port}/healthz`, ...FAST, unhealthyThreshold: 1 });
    const r = await waitFor(async () => {
      const x = await results(c.id);
      return x.recent.length >= 3 ? x : undefined;
    }, 15_000, "3 results");
    expect(silent.accepted).toBeGreaterThanOrEqual(3);
    for (const x of r.recent) {
      expect(x).toMatchObject({ healthy: false, detail: "timed out after 400 ms" });
      expect(x.latencyMs).toBeGreaterThanOrEqual(390);
      expect(x.latencyMs).toBeLessThan(1_000);
    }
    expect(r.check.status).toBe("unhealthy");
    expect(r.check.lastError).toBe("timed out after 400 ms");
    // runs never overlap: one per interval (± 10 % jitter), each after the previous one ended
    const at = r.recent.map((x) => Date.parse(x.at)).reverse();
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(850);
    // and it keeps going
    const count = r.recent.length;
    await waitFor(async () => (await results(c.id)).recent.length >= count + 2, 10_000, "more results");
    // the connections to the silent peer do not pile up
    await waitFor(() => silent.open <= 1, 5_000, `connections to the silent peer closed (open: ${silent.open})`);
    expect((await g.admin.delete(`/api/v1/health-checks/${c.id}`)).status).toBe(204);
  });

  it("results: recent newest first; minutes include the current one with up/down counts matching the recent results", async ({ expect }) => {
    const { name } = await service("results");
    const peer = await tcpPeer();
    const c = await createCheck({ service: name, protocol: "tcp", target: `127.0.0.1:${peer.port}`, ...FAST, healthyThreshold: 1, unhealthyThreshold: 1 });
    await waitFor(async () => (await results(c.id)).recent.length >= 2, 10_000, "2 healthy results");
    await peer.close();
    await waitFor(async () => (await results(c.id)).recent.filter((x) => !x.healthy).length >= 2, 10_000, "2 failed results");

    const r = await results(c.id);
    expect(r.check).toMatchObject({ id: c.id, service: name, status: "unhealthy" });
    for (const x of r.recent) {
      expect(typeof x.at).toBe("string");
      expect(Number.isNaN(Date.parse(x.at))).toBe(false);
      expect(typeof x.healthy).toBe("boolean");
      expect(typeof x.latencyMs).toBe("number");
      expect(typeof x.detail).toBe("string");
    }
    expect(r.recent[0].healthy).toBe(false);
    expect(r.recent[0].detail).toMatch(/refused/i);
    expect(r.recent.find((x) => x.healthy).detail).toBe("connected");
    const times = r.recent.map((x) => Date.parse(x.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times); // newest first
    expect(r.check.last).toEqual(r.recent[0]);

    // minutes: oldest first, the current one included, counts matching the recent results
    expect(r.minutes.length).toBeGreaterThanOrEqual(1);
    const ts = r.minutes.map((m) => m.t);
    expect([...ts].sort()).toEqual(ts);
    const minuteOf = (iso: string) => new Date(Math.floor(Date.parse(iso) / 60_000) * 60_000).toISOString();
    expect(r.minutes.at(-1).t).toBe(minuteOf(r.recent[0].at));
    let up = 0;
    let down = 0;
    for (const m of r.minutes) {
      const inMinute = r.recent.filter((x) => minuteOf(x.at) === m.t);
      expect(m.up, m.t).toBe(inMinute.filter((x) => x.healthy).length);
      expect(m.down, m.t).toBe(inMinute.filter((x) => !x.healthy).length);
      expect(m.p50).not.toBeNull();
      expect(m.p95).toBeGreaterThanOrEqual(m.p50);
      expect(m.max).toBeGreaterThanOrEqual(m.p95);
      up += m.up;
      down += m.down;
    }
    expect(up + down).toBe(r.recent.length);
    expect(up).toBeGreaterThanOrEqual(2);
    expect(down).toBeGreaterThanOrEqual(2);
  });

  it("pushes results to the Socket.IO room 'health' as health:result {results: [{id, service, status, result}], at}", async ({ expect }) => {
    const { name } = await service("live-socket");
    const peer = await tcpPeer();
    const open = (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const socket = connect(g.server.url, { path: "/socket.io", transports: ["websocket"], reconnection: false, extraHeaders: { cookie: g.admin.cookie! } });
        sockets.push(socket);
        socket.once("snapshot", () => resolve(socket));
        socket.once("connect_error", reject);
      });
    const subscribed = await open();
    const bystander = await open(); // not subscribed: receives nothing
    const received: any[] = [];
    const unsolicited: any[] = [];
    subscribed.on("health:result", (m) => received.push(m));
    bystander.on("health:result", (m) => unsolicited.push(m));
    const ack = await new Promise<any>((resolve) => subscribed.emit("subscribe", ["health"], resolve));
    expect(ack).toMatchObject({ ok: true, data: { topics: ["health"] } });

    const c = await createCheck({ service: name, protocol: "tcp", target: `127.0.0.1:${peer.port}`, ...FAST, healthyThreshold: 1, unhealthyThreshold: 1 });
    const mine = (m: any) => (m.results as any[]).filter((x) => x.id === c.id);
    await waitFor(() => received.filter((m) => mine(m).length > 0).length >= 2, 10_000, "2 health:result messages for the check");
    const msg = received.find((m) => mine(m).length > 0);
    expect(typeof msg.at).toBe("string");
    expect(Number.isNaN(Date.parse(msg.at))).toBe(false);
    const [item] = mine(msg);
    expect(item).toMatchObject({ id: c.id, service: name, status: expect.stringMatching(/^(unknown|healthy)$/), result: { healthy: true, detail: "connected" } });
    expect(typeof item.result.at).toBe("string");
    expect(typeof item.result.latencyMs).toBe("number");
    const latest = received.filter((m) => mine(m).length > 0).at(-1);
    expect(mine(latest)[0].status).toBe("healthy");
    // coalesced: one entry per check per message
    for (const m of received) expect(new Set((m.results as any[]).map((x) => x.id)).size).toBe(m.results.length);
    expect(unsolicited).toEqual([]);
    expect((await g.admin.delete(`/api/v1/health-checks/${c.id}`)).status).toBe(204);
  });
});
