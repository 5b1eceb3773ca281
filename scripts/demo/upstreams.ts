// Demo upstreams: healthy, flaky (20 % errors, degrading to 90 % for a minute every few minutes)
// and slow (latency drifting up past the slow-call threshold and back).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface DemoUpstream {
  name: string;
  url: string;
  describe(): string;
  close(): Promise<void>;
}

function listen(handler: http.RequestListener): Promise<http.Server> {
  return new Promise((resolve) => {
    const srv = http.createServer(handler);
    srv.listen(0, "127.0.0.1", () => resolve(srv));
  });
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

async function make(name: string, handler: http.RequestListener, describe: () => string): Promise<DemoUpstream> {
  const srv = await listen(handler);
  const port = (srv.address() as AddressInfo).port;
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    describe,
    close: () => new Promise((r) => srv.close(() => r())),
  };
}

export async function startDemoUpstreams(opts: { degradeEveryMs?: number; degradeForMs?: number; driftPeriodMs?: number } = {}) {
  const degradeEvery = opts.degradeEveryMs ?? 3 * 60_000;
  const degradeFor = opts.degradeForMs ?? 60_000;
  const driftPeriod = opts.driftPeriodMs ?? 4 * 60_000;
  const t0 = Date.now();

  const healthy = await make(
    "healthy",
    (req, res) => setTimeout(() => json(res, 200, { ok: true, path: req.url }), 5 + Math.random() * 20),
    () => "200 OK in 5–25 ms",
  );

  const flakyErrorRate = () => ((Date.now() - t0) % degradeEvery) > degradeEvery - degradeFor ? 0.9 : 0.2;
  const flaky = await make(
    "flaky",
    (req, res) => {
      const fail = Math.random() < flakyErrorRate();
      setTimeout(() => (fail ? json(res, 503, { error: "flaky upstream failed" }) : json(res, 200, { ok: true })), 10 + Math.random() * 40);
    },
    () => `${Math.round(flakyErrorRate() * 100)} % errors now`,
  );

  // latency follows a slow wave between ~100 ms and ~1500 ms
  const slowLatency = () => {
    const phase = (((Date.now() - t0) % driftPeriod) / driftPeriod) * 2 * Math.PI;
    return 100 + 700 * (1 - Math.cos(phase));
  };
  const slow = await make(
    "slow",
    (req, res) => setTimeout(() => json(res, 200, { ok: true }), slowLatency() * (0.8 + Math.random() * 0.4)),
    () => `~${Math.round(slowLatency())} ms latency now`,
  );

  return { healthy, flaky, slow, all: [healthy, flaky, slow] };
}
