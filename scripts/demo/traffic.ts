// Demo traffic: a steady rate spread over services and a handful of users, plus one noisy user who
// keeps several requests in flight against the healthy service (and hits its per-user bulkhead).
import { Agent, request } from "undici";

export interface TrafficOptions {
  /** The gateway's base URL: services at <base>/<service>/… */
  base: string;
  services: string[];
  rps: number;
  users: number;
  noisyConcurrency: number;
}

export function startTraffic(o: TrafficOptions) {
  const agent = new Agent({ connections: 64 });
  const byStatus: Record<string, number> = {};
  let sent = 0;
  let stopped = false;
  const one = async (service: string, user: string) => {
    sent++;
    try {
      const r = await request(`${o.base}/${service}/demo?user=${user}`, { dispatcher: agent, headers: { "x-user-id": user } });
      await r.body.dump();
      const k = String(r.statusCode);
      byStatus[k] = (byStatus[k] ?? 0) + 1;
    } catch {
      byStatus.error = (byStatus.error ?? 0) + 1;
    }
  };
  let i = 0;
  const steady = setInterval(() => {
    if (stopped) return;
    const service = o.services[i % o.services.length]!;
    void one(service, `user-${(i % o.users) + 1}`);
    i++;
  }, Math.max(1, Math.round(1000 / o.rps)));
  const noisy = async () => {
    while (!stopped) {
      await one("healthy", "noisy-user");
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  for (let n = 0; n < o.noisyConcurrency; n++) void noisy();
  return {
    stats: () => ({ sent, byStatus: { ...byStatus } }),
    stop() {
      stopped = true;
      clearInterval(steady);
      void agent.close();
    },
  };
}
