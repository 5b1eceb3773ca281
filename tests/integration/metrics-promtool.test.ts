// /metrics must pass Prometheus's own linter (`promtool check metrics`, from Debian's prometheus
// package; scripts/ensure-promtool.mjs installs it). Traffic first, so that every metric family
// has samples: calls, retries, a bulkhead rejection, an open breaker (and its alert), an SLO, a
// chaos experiment.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, startUpstream, waitFor, type GatewayUnderTest, type Upstream } from "../helpers/upstreams";

const PROMTOOL = process.env.PROMTOOL_PATH ?? "promtool";

/** prom-client's default process metrics are named by Node conventions we do not control. */
const DEFAULT_METRIC = /^breakwater_process_/;

describe("/metrics passes promtool check metrics", () => {
  let g: GatewayUnderTest;
  const ups: Upstream[] = [];

  beforeAll(async () => {
    g = await startGateway();
  });
  afterAll(async () => {
    await g?.stop();
    await Promise.all(ups.map((u) => u.close().catch(() => undefined)));
  });

  it("reports no problem with any breakwater metric after traffic", async () => {
    const ok = await startUpstream({ failTimes: 1, failStatus: 503 });
    const failing = await startUpstream({ status: 500 });
    const held = await startUpstream({ hold: true });
    ups.push(ok, failing, held);
    await g.createService({ name: "ok", baseUrl: ok.url, retry: { maxAttempts: 2, initialDelayMs: 1, jitter: "none" } });
    await g.createService({ name: "failing", baseUrl: failing.url, retry: { maxAttempts: 1 }, breaker: { consecutiveFailures: 2 } });
    await g.createService({ name: "held", baseUrl: held.url, bulkhead: { maxConcurrent: 1, maxQueue: 0 } });
    const slo = await g.operator.post("/api/v1/slos", { name: "ok availability", service: "ok", sli: { type: "availability" }, objective: 99, windowSeconds: 3600 });
    expect(slo.status).toBe(201);

    expect((await g.gw("ok", "/")).status).toBe(200); // after one retry
    for (let i = 0; i < 3; i++) await (await g.gw("failing", "/")).text();
    const hold = g.gw("held", "/");
    await waitFor(() => held.held >= 1, 5_000, "a held request");
    expect((await g.gw("held", "/")).status).toBe(503); // bulkhead full
    held.release();
    await (await hold).text();
    expect((await g.breaker("failing")).state).toBe("open");
    // a running chaos experiment: injected faults and the running gauge
    await g.createService({ name: "chaos", baseUrl: ok.url, retry: { maxAttempts: 1 } });
    const exp = await g.operator.post("/api/v1/experiments", { name: "promtool", service: "chaos", faults: [{ type: "error", status: 500 }], durationSeconds: 60 });
    expect(exp.status).toBe(201);
    expect((await g.gw("chaos", "/")).status).toBe(500);

    const text = await waitFor(async () => {
      const t = await g.metrics();
      return /^breakwater_alerts_firing\{/m.test(t) ? t : null;
    }, 10_000, "the open breaker's alert in /metrics");
    // every family we declare has at least one sample
    const families = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => m[1]!).filter((f) => !DEFAULT_METRIC.test(f));
    expect(families.length).toBeGreaterThan(8);
    for (const f of families) expect(text, `samples of ${f}`).toMatch(new RegExp(`^${f}(_bucket|_sum|_count)?(\\{|\\s)`, "m"));

    const r = spawnSync(PROMTOOL, ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(r.error, `promtool not runnable (run scripts/ensure-promtool.mjs): ${String(r.error)}`).toBeUndefined();
    const problems = `${r.stdout}\n${r.stderr}`
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !DEFAULT_METRIC.test(l));
    expect(problems).toEqual([]);
  });
});
