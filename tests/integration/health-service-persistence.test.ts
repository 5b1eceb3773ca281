// Active health checks across restarts (issue #7), on SQLite and PostgreSQL: checks are loaded and
// scheduled again after a restart; per-minute aggregates written at a graceful shutdown are still
// there afterwards (also when two graceful restarts fall within one minute). The two databases'
// servers run side by side; each one's tests run in order.
import { afterAll, beforeAll, describe, it } from "vitest";
import { PROVIDERS } from "../helpers/databases";
import { CALM_BREAKER, startGateway, startUpstream, waitFor, type GatewayUnderTest, type Upstream } from "../helpers/upstreams";
import { closedPort, startTcpPeer, type TcpPeer } from "../helpers/peers";

const FAST = { intervalMs: 1000, timeoutMs: 300, healthyThreshold: 1, unhealthyThreshold: 1 };
const minuteOf = (at: string | number) => Math.floor((typeof at === "number" ? at : Date.parse(at)) / 60_000) * 60_000;

describe.concurrent.each(PROVIDERS)("health checks across restarts (%s)", (provider) => {
  let g: GatewayUnderTest;
  let up: Upstream;
  let peer: TcpPeer;
  let live: any;
  let dead: any;
  const name = "persisted";

  const results = async (id: string) => {
    const r = await g.viewer.get(`/api/v1/health-checks/${id}/results`);
    if (r.status !== 200) throw new Error(`results of ${id}: ${r.status} ${r.text}`);
    return r.json as { check: any; recent: any[]; minutes: any[] };
  };
  const minuteMap = (minutes: any[]) => new Map(minutes.map((m) => [Date.parse(m.t), m as { up: number; down: number }]));

  beforeAll(async () => {
    g = await startGateway({ provider });
    up = await startUpstream();
    peer = await startTcpPeer();
    await g.createService({ name, baseUrl: up.url, breaker: CALM_BREAKER, retry: { maxAttempts: 1 } });
    const create = async (body: Record<string, unknown>) => {
      const r = await g.admin.post("/api/v1/health-checks", body);
      if (r.status !== 201) throw new Error(`creating health check: ${r.status} ${r.text}`);
      return r.json;
    };
    live = await create({ service: name, protocol: "tcp", target: `127.0.0.1:${peer.port}`, ...FAST });
    dead = await create({ service: name, protocol: "tcp", target: `127.0.0.1:${await closedPort()}`, ...FAST, healthyThreshold: 2 });
  });
  afterAll(async () => {
    if (process.env.DUMP_SERVER) console.log(g?.server.output());
    await g?.stop().catch(() => undefined);
    await up?.close().catch(() => undefined);
    await peer?.close().catch(() => undefined);
  });

  it.sequential("checks are loaded and scheduled again after a graceful restart, and their minutes are persisted", async ({ expect }) => {
    await waitFor(async () => (await results(live.id)).recent.length >= 3 && (await results(dead.id)).check.status === "unhealthy", 15_000, "results of both checks");
    // stop early enough in a minute that the restart is over within it (the next test relies on it)
    await waitFor(() => Date.now() % 60_000 <= 40_000, 25_000, "the first 40 s of a minute");
    await waitFor(async () => (await results(live.id)).recent.some((x) => minuteOf(x.at) === minuteOf(Date.now())), 5_000, "a result in this minute");
    const before = { live: await results(live.id), dead: await results(dead.id) };
    const acceptedBefore = peer.accepted;

    await g.restart("SIGTERM");
    expect(g.server.output()).not.toMatch(/health minutes not written/);

    // both checks, as they were
    const list = (await g.viewer.get("/api/v1/health-checks")).json as any[];
    const strip = ({ status: _s, since: _si, last: _l, lastError: _le, ...rest }: any) => rest;
    expect(list.map(strip)).toEqual(expect.arrayContaining([strip(before.live.check), strip(before.dead.check)]));

    // scheduled again: fresh results, statuses re-established
    await waitFor(async () => (await results(live.id)).check.status === "healthy", 10_000, "live check healthy after the restart");
    await waitFor(async () => (await results(dead.id)).check.status === "unhealthy", 10_000, "dead check unhealthy after the restart");
    expect(peer.accepted).toBeGreaterThan(acceptedBefore);

    // the minutes written at shutdown are still there (counts can only have grown)
    for (const key of ["live", "dead"] as const) {
      const after = minuteMap((await results(key === "live" ? live.id : dead.id)).minutes);
      expect(before[key].minutes.length).toBeGreaterThan(0);
      for (const m of before[key].minutes) {
        const a = after.get(Date.parse(m.t));
        expect(a, `${key} minute ${m.t}`).toBeTruthy();
        expect(a!.up, `${key} up in ${m.t}`).toBeGreaterThanOrEqual(m.up);
        expect(a!.down, `${key} down in ${m.t}`).toBeGreaterThanOrEqual(m.down);
      }
    }
    const total = (ms: any[]) => ms.reduce((s, m) => s + m.up + m.down, 0);
    expect(total(before.live.minutes)).toBeGreaterThanOrEqual(3);
  });

  it.sequential("a second graceful restart within the same minute keeps the first run's counts of that minute", async ({ expect }) => {
    // the previous test restarted at most ~40 s into a minute: if this process already has results
    // in that minute, stop again within it
    const restartMinute = minuteOf(Date.parse((await results(live.id)).recent.at(-1).at));
    const r1 = await results(live.id);
    const m1 = minuteMap(r1.minutes).get(restartMinute);
    expect(m1, "minute of the first restart").toBeTruthy();
    const inThisRun = r1.recent.filter((x) => minuteOf(x.at) === restartMinute).length;
    expect(inThisRun, "results of this run in the first restart's minute").toBeGreaterThan(0);
    expect(minuteOf(Date.now()), "still in the first restart's minute").toBe(restartMinute);
    const before = { ...m1! };

    await g.restart("SIGTERM");
    await waitFor(async () => (await results(live.id)).recent.length >= 1, 10_000, "a result after the second restart");
    const r3 = await results(live.id);
    const after = minuteMap(r3.minutes).get(restartMinute);
    expect(after, "minute of the first restart, after the second").toBeTruthy();
    // what the database holds for that minute (this third run's own results there taken out) must
    // still count both earlier runs: nothing overwritten
    const thirdRun = r3.recent.filter((x) => minuteOf(x.at) === restartMinute).length;
    expect(after!.up + after!.down - thirdRun, `stored results in ${new Date(restartMinute).toISOString()} (before the second restart: ${before.up + before.down})`).toBeGreaterThanOrEqual(before.up + before.down);
  });
});
