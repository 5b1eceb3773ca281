// SIGTERM: stop accepting, finish in-flight requests, then exit 0 — and give up on requests that
// outlive BREAKWATER_SHUTDOWN_TIMEOUT_MS.
import { afterAll, describe, expect, it } from "vitest";
import { startGateway, startUpstream, waitFor, CALM_BREAKER, type GatewayUnderTest, type Upstream } from "../helpers/upstreams";

// the two cases have their own servers and upstreams: they run side by side
describe.concurrent("graceful shutdown", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup) await c().catch(() => undefined);
  });

  it("finishes an in-flight gateway request, refuses new connections on both listeners, then exits 0", async () => {
    const up: Upstream = await startUpstream({ hold: true });
    const g: GatewayUnderTest = await startGateway();
    cleanup.push(() => up.close(), () => g.stop());
    await g.createService({ name: "held", baseUrl: up.url, breaker: CALM_BREAKER });
    const inFlight = g.gw("held", "/slow");
    await waitFor(() => up.held === 1, 10_000, "the request to reach the upstream");
    const exited = new Promise<number | null>((r) => g.server.proc.once("exit", (code) => r(code)));
    g.server.proc.kill("SIGTERM");
    // the listener closes at once: new connections are refused while the request is still held
    await waitFor(() => fetch(`${g.server.url}/healthz`).then(() => false, () => true), 10_000, "new connections to be refused");
    await waitFor(() => fetch(`${g.server.gatewayUrl}/held/x`).then(() => false, () => true), 10_000, "new gateway connections to be refused");
    expect(up.held).toBe(1);
    up.release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await exited).toBe(0);
  });

  it("closes requests that outlive the shutdown timeout and still exits 0", async () => {
    const up: Upstream = await startUpstream({ hold: true });
    const g: GatewayUnderTest = await startGateway({ env: { BREAKWATER_SHUTDOWN_TIMEOUT_MS: "1000" } });
    cleanup.push(() => up.close(), () => g.stop());
    await g.createService({ name: "stuck", baseUrl: up.url, breaker: CALM_BREAKER });
    const inFlight = g.gw("stuck", "/never").then(
      (r) => r.status,
      () => "closed",
    );
    await waitFor(() => up.held === 1, 10_000, "the request to reach the upstream");
    const exited = new Promise<number | null>((r) => g.server.proc.once("exit", (code) => r(code)));
    g.server.proc.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(await inFlight).toBe("closed");
    expect(g.server.output()).toMatch(/did not finish in time/); // a warning, logged at LOG_LEVEL=warn
  });
});
