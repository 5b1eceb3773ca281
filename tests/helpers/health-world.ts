// A server (SQLite) for the health-check integration tests, with helpers that create services,
// TCP peers and checks and read checks, results and alerts through the API. Registers its own
// beforeAll/afterAll: call it at the top of a describe block.
import { afterAll, beforeAll } from "vitest";
import type { Socket } from "socket.io-client";
import { calmServices, startGateway, type GatewayUnderTest, type Upstream } from "./upstreams";
import { startTcpPeer, type TcpPeer } from "./peers";

export function healthWorld() {
  const world = { g: undefined as unknown as GatewayUnderTest };
  const ups: Upstream[] = [];
  const peers: TcpPeer[] = [];
  const sockets: Socket[] = [];
  const g = () => world.g;

  const newService = calmServices(g, ups);
  /** A fresh upstream (200) and a service on it with a unique name (no retries). */
  const service = (prefix: string, extra: Record<string, unknown> = {}) => newService(prefix, undefined, extra);
  const tcpPeer = async () => {
    const p = await startTcpPeer();
    peers.push(p);
    return p;
  };
  const createCheck = async (body: Record<string, unknown>) => {
    const r = await g().admin.post("/api/v1/health-checks", body);
    if (r.status !== 201) throw new Error(`creating health check: ${r.status} ${r.text}`);
    return r.json;
  };
  const put = (id: string, body: Record<string, unknown>) => g().admin.request("PUT", `/api/v1/health-checks/${id}`, body);
  const getCheck = async (id: string) => {
    const r = await g().viewer.get(`/api/v1/health-checks/${id}`);
    if (r.status !== 200) throw new Error(`health check ${id}: ${r.status} ${r.text}`);
    return r.json;
  };
  const results = async (id: string) => {
    const r = await g().viewer.get(`/api/v1/health-checks/${id}/results`);
    if (r.status !== 200) throw new Error(`results of ${id}: ${r.status} ${r.text}`);
    return r.json as { check: any; recent: any[]; minutes: any[] };
  };
  const alerts = async (query = "") => {
    const r = await g().viewer.get(`/api/v1/alerts?limit=500${query}`);
    if (r.status !== 200) throw new Error(`alerts: ${r.status} ${r.text}`);
    return r.json as any[];
  };
  const healthAlerts = async (checkId: string, query = "") =>
    (await alerts(query)).filter((a) => a.labels?.alertname === "HealthCheckDown" && a.labels?.check === checkId);
  const paths = (r: { json: any }) => ((r.json?.error?.details ?? []) as { path: string }[]).map((d) => d.path);

  beforeAll(async () => {
    world.g = await startGateway({ provider: "sqlite" });
  });
  afterAll(async () => {
    if (process.env.DUMP_SERVER) console.log(world.g?.server.output());
    for (const s of sockets) s.close();
    await world.g?.stop().catch(() => undefined);
    await Promise.all([...ups, ...peers].map((u) => u.close().catch(() => undefined)));
  });
  return { world, sockets, peers, service, tcpPeer, createCheck, put, getCheck, results, alerts, healthAlerts, paths };
}
