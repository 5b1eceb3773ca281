// Adaptive bulkhead limits through the real gateway (docs/GATEWAY.md "Adaptive concurrency"): a real
// upstream with limited capacity (it serves 2 requests at once and queues the rest) under more
// concurrent callers than it can serve. The limit falls, refusals answer fast with 503
// bulkhead_full, admitted requests stay quick; an operator pins and unpins the limit (audited);
// bad input answers 400 naming the field; removing the field returns to the static limit, live.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCapacityUpstream, type CapacityUpstream } from "@/bench/lib/capacity-upstream";
import { CALM_BREAKER, startGateway, waitFor, type GatewayUnderTest } from "../helpers/upstreams";

const SERVICE_MS = 40;
const CALLERS = 24;
const ADAPTIVE = { algorithm: "aimd", minLimit: 1, maxLimit: 50, initialLimit: CALLERS, sampleWindowMs: 100, minSamples: 3, latencyThresholdMs: 2 * SERVICE_MS + 40, backoffRatio: 0.6 };
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

describe("adaptive bulkhead", () => {
  let g: GatewayUnderTest;
  let up: CapacityUpstream;

  beforeAll(async () => {
    up = await startCapacityUpstream({ capacity: 2, serviceMs: SERVICE_MS });
    g = await startGateway();
    await g.createService({ name: "adaptive", baseUrl: up.url, breaker: CALM_BREAKER, retry: { maxAttempts: 1 }, bulkhead: { maxQueue: 0, adaptive: ADAPTIVE } });
  });
  afterAll(async () => {
    await g?.stop().catch(() => undefined);
    await up?.close().catch(() => undefined);
  });

  type Answer = { status: number; reason: string | null; ms: number; queueMs: number; at: number };
  /** CALLERS closed-loop callers until `until(answers so far)` holds; every answer's status, reason and latency. */
  async function drive(until: (answers: Answer[]) => boolean | Promise<boolean>, maxMs: number) {
    const answers: Answer[] = [];
    const t0 = performance.now();
    let stop = false;
    const caller = async () => {
      while (!stop && performance.now() - t0 < maxMs) {
        const s = performance.now();
        const r = await g.gw("adaptive", "/work");
        await r.arrayBuffer();
        const queueMs = Number(r.headers.get("x-queue-ms") ?? NaN);
        answers.push({ status: r.status, reason: r.headers.get("x-breakwater-reason"), ms: performance.now() - s, queueMs, at: s - t0 });
        if (r.status === 503) await new Promise((res) => setTimeout(res, 5));
      }
    };
    const callers = Array.from({ length: CALLERS }, caller);
    const watcher = (async () => {
      while (!stop && performance.now() - t0 < maxMs) {
        if (await until(answers)) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      stop = true;
    })();
    await Promise.all([watcher, ...callers]);
    return answers;
  }

  it("lowers the limit under overload: fast 503 bulkhead_full refusals, admitted requests stay quick", async () => {
    const before = await g.bulkhead("adaptive");
    expect(before).toMatchObject({ limit: CALLERS, adaptive: { algorithm: "aimd", minLimit: 1, maxLimit: 50, lastChangeAt: null } });

    const answers = await drive(async () => (await g.bulkhead("adaptive")).limit <= 6, 10_000);
    const b = await g.bulkhead("adaptive");
    expect(b.limit).toBeLessThanOrEqual(6);
    expect(b.maxConcurrent).toBe(b.limit);
    expect(b.adaptive.lastChangeReason).toMatch(/^(backoff_latency|backoff_error|increase)$/);
    expect(b.adaptive.rttMs.short).toBeGreaterThanOrEqual(SERVICE_MS);
    expect(Date.parse(b.adaptive.lastChangeAt)).toBeGreaterThan(0);
    expect(await g.metrics()).toMatch(new RegExp(`^breakwater_bulkhead_limit\\{service="adaptive"\\} ${b.limit}$`, "m"));

    // with the limit down, keep going a little (1.5 s, longer on a busy machine until a few calls
    // got in): refusals are quick, admitted calls barely queue
    const settled = await drive((a) => (a.at(-1)?.at ?? 0) >= 1_500 && a.filter((x) => x.status === 200).length > 5, 6_000);
    const refused = settled.filter((a) => a.status === 503);
    const admitted = settled.filter((a) => a.status === 200);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((a) => a.reason === "bulkhead_full")).toBe(true);
    expect(admitted.length).toBeGreaterThan(5);
    // without a limit, CALLERS callers at an upstream serving 2 at once wait (CALLERS / 2 - 1) × 40 ms
    // ≈ 440 ms in its queue on every call; the limit keeps that wait (the upstream reports it) near
    // zero, and the whole call under the unlimited wait, give or take what any call through the
    // gateway costs on this machine right now (a refusal's time: no upstream work; a few ms when idle)
    const unlimitedWaitMs = (CALLERS / 2 - 1) * SERVICE_MS;
    const waits = admitted.map((a) => a.queueMs);
    expect(pct(waits, 99), `upstream queue waits ${JSON.stringify(waits)}`).toBeLessThan(unlimitedWaitMs / 2);
    expect(pct(admitted.map((a) => a.ms), 50)).toBeLessThan(unlimitedWaitMs + pct(refused.map((a) => a.ms), 50));
    // refusals do not wait for the upstream at all
    expect(pct(refused.map((a) => a.ms), 50)).toBeLessThan(pct(admitted.map((a) => a.ms), 50));
    expect(answers.some((a) => a.status === 503 && a.reason === "bulkhead_full")).toBe(true);
  });

  it("an operator pins the limit and unpins it (audited, shown as an override); a viewer cannot", async () => {
    expect((await g.viewer.post("/api/v1/bulkheads/adaptive/pin", { limit: 2, reason: "x", ttlSeconds: 60 })).status).toBe(403);
    const pinned = await g.operator.post("/api/v1/bulkheads/adaptive/pin", { limit: 2, reason: "upstream migration", ttlSeconds: 120 });
    expect(pinned.status).toBe(200);
    expect(pinned.json).toMatchObject({ limit: 2, adaptive: { pinned: { limit: 2, reason: "upstream migration", actor: "operator" } } });
    expect(Date.parse(pinned.json.adaptive.pinned.until) - Date.parse(pinned.json.adaptive.pinned.at)).toBe(120_000);
    expect((await g.bulkhead("adaptive")).limit).toBe(2);

    const unpinAt = Date.now();
    const unpinned = await g.operator.delete("/api/v1/bulkheads/adaptive/pin");
    expect(unpinned.status).toBe(200);
    expect(unpinned.json.adaptive.pinned).toBeUndefined();
    // the last change is the unpin, unless the algorithm (fed by calls still settling) moved it since
    const last = unpinned.json.adaptive;
    if (last.lastChangeReason !== "unpinned") expect(Date.parse(last.lastChangeAt)).toBeGreaterThanOrEqual(unpinAt - 1_000);

    const audit = await g.viewer.get("/api/v1/audit?action=bulkhead.");
    const entries = (audit.json as Array<{ action: string; actor: string; target: string; reason: string | null }>).filter((e) => e.target === "bulkhead:adaptive");
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ["bulkhead.unpin", "operator"],
      ["bulkhead.pin", "operator"],
    ]);
    expect(entries[1]!.reason).toBe("upstream migration");
  });

  it("answers bad input with 400 naming the field, a static bulkhead with 409", async () => {
    const bad = await g.operator.post("/api/v1/bulkheads/adaptive/pin", { limit: 0, ttlSeconds: "soon" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["limit", "reason", "ttlSeconds"]);
    const tooHigh = await g.operator.post("/api/v1/bulkheads/adaptive/pin", { limit: 51, reason: "r", ttlSeconds: 10 });
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.json.error.details).toEqual([{ path: "limit", message: "must be at most the service's adaptive maxLimit (50)" }]);
    const svc = await g.admin.post("/api/v1/services", { name: "badadaptive", baseUrl: up.url, bulkhead: { adaptive: { algorithm: "vegas" } } });
    expect(svc.status).toBe(400);
    expect(svc.json.error.details).toEqual([{ path: "bulkhead.adaptive.algorithm", message: 'must be "gradient2" or "aimd"' }]);
    await g.createService({ name: "static", baseUrl: up.url });
    const notAdaptive = await g.operator.post("/api/v1/bulkheads/static/pin", { limit: 2, reason: "r", ttlSeconds: 10 });
    expect(notAdaptive.status).toBe(409);
    expect(notAdaptive.json.error.code).toBe("not_adaptive");
    expect((await g.operator.post("/api/v1/bulkheads/nosuch/pin", { limit: 2, reason: "r", ttlSeconds: 10 })).status).toBe(404);
  });

  it("editing the service applies live: without bulkhead.adaptive the static maxConcurrent is back", async () => {
    const r = await g.admin.request("PUT", "/api/v1/services/adaptive", { baseUrl: up.url, breaker: CALM_BREAKER, bulkhead: { maxConcurrent: 7, maxQueue: 0 } });
    expect(r.status).toBe(200);
    const b = await waitFor(async () => {
      const x = await g.bulkhead("adaptive");
      return x.adaptive === null ? x : undefined;
    }, 5_000, "static bulkhead");
    expect(b).toMatchObject({ limit: 7, maxConcurrent: 7, adaptive: null });
  });
});
