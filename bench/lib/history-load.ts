/**
 * The two server configurations that measure what history costs the gateway (`persistence` part A
 * and `history-cpu`), and the API driver that runs beside the gateway load:
 *  - "off": service `bench` with no SLO; the driver reads `flap`'s breaker twice per cycle.
 *  - "on":  `bench` carries 3 SLOs (availability, latency < 50 ms, latency < 200 ms), and every
 *           cycle (200 ms) the driver makes `flap` (upstream a closed port, consecutiveFailures 1,
 *           no retry) fail once — a transition, an alert raised, a snapshot — and resets it: a
 *           transition, the alert resolved, an audit entry, a snapshot. ≈ 10 transitions/s.
 * The driver makes the same number of API calls in both, so API traffic matches.
 */
import { api, type Breakwater } from "./breakwater";
import { sleep } from "./http-bench";

export const CYCLE_MS = 200;

/** services.yaml for both configurations. */
export function historyServicesYaml(upstreamUrl: string, deadUrl: string): string {
  return (
    `services:\n  - name: bench\n    baseUrl: ${upstreamUrl}\n    bulkhead: { maxConcurrent: 1000, maxQueue: 50 }\n` +
    `  - name: flap\n    baseUrl: ${deadUrl}\n    retry: { maxAttempts: 1 }\n    breaker: { consecutiveFailures: 1, minimumCalls: 1, waitInOpenMs: 600000, maxWaitInOpenMs: 600000 }\n`
  );
}

/** Turns a server started with historyServicesYaml() into the "on" configuration (its 3 SLOs). */
export async function addHistorySlos(base: string, token: string): Promise<void> {
  for (const sli of [{ type: "availability" }, { type: "latency", thresholdMs: 50 }, { type: "latency", thresholdMs: 200 }]) {
    await api(base, token, "POST", "/api/v1/slos", { name: `bench ${sli.type} ${"thresholdMs" in sli ? sli.thresholdMs : ""}`.trim(), service: "bench", sli, objective: 99, windowSeconds: 3600 });
  }
}

/** Flaps `flap` (or, for `off`, makes the same number of read-only API calls) until `until`. */
export async function driver(s: { child: Breakwater; base: string; token: string }, on: boolean, until: number): Promise<{ cycles: number; errors: number }> {
  let cycles = 0;
  let errors = 0;
  while (Date.now() < until) {
    const t0 = Date.now();
    try {
      if (on) {
        const r = await fetch(s.child.serviceUrl("flap", "/x"));
        await r.arrayBuffer();
        await api(s.base, s.token, "POST", "/api/v1/breakers/flap/reset");
      } else {
        await api(s.base, s.token, "GET", "/api/v1/breakers/flap");
        await api(s.base, s.token, "GET", "/api/v1/breakers/flap");
      }
      cycles++;
    } catch {
      errors++;
    }
    await sleep(Math.max(0, CYCLE_MS - (Date.now() - t0)));
  }
  return { cycles, errors };
}
