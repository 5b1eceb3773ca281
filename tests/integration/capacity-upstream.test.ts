import { afterEach, describe, expect, it } from "vitest";
import { Agent, request } from "undici";
import { startCapacityUpstream, type CapacityUpstream } from "@/bench/lib/capacity-upstream";
import { waitFor } from "../helpers/upstreams";

let upstream: CapacityUpstream | undefined;
let agent: Agent | undefined;

afterEach(async () => {
  await agent?.close();
  await upstream?.close();
  agent = upstream = undefined;
});

async function call(url: string, signal?: AbortSignal): Promise<{ status: number; queueMs: number }> {
  const res = await request(url, { dispatcher: agent, signal });
  await res.body.dump();
  return { status: res.statusCode, queueMs: Number(res.headers["x-queue-ms"]) };
}

describe("capacity upstream (bench peer)", () => {
  it("serves `capacity` requests at once and queues the rest FIFO, so latency grows with load", async () => {
    // 400 ms of service: all six arrive while the first two are served, even on a busy machine
    upstream = await startCapacityUpstream({ capacity: 2, serviceMs: 400 });
    agent = new Agent({ connections: 20 });
    const calls = Array.from({ length: 6 }, () => call(upstream!.url));
    await waitFor(() => upstream!.stats().queued === 4, 5_000, "4 queued");
    expect(upstream.stats()).toMatchObject({ active: 2, queued: 4 });
    const results = await Promise.all(calls);
    expect(results.every((r) => r.status === 200)).toBe(true);
    const waits = results.map((r) => r.queueMs).sort((a, b) => a - b);
    // two served at once, then two more each ~400 ms later: waits of ~0, ~0, ~400, ~400, ~800, ~800
    // (less the time between the first and the later arrivals)
    expect(waits[1]).toBeLessThan(50);
    expect(waits[2]).toBeGreaterThanOrEqual(200);
    expect(waits[5]).toBeGreaterThanOrEqual(600);
    expect(upstream.stats()).toMatchObject({ peakActive: 2, served: 6, active: 0, queued: 0 });
  });

  it("setCapacity() at run time starts queued requests at once and limits new ones", async () => {
    upstream = await startCapacityUpstream({ capacity: 1, serviceMs: 300 });
    agent = new Agent({ connections: 20 });
    const calls = Array.from({ length: 4 }, () => call(upstream!.url));
    await waitFor(() => upstream!.stats().queued === 3, 5_000, "3 queued");
    upstream.setCapacity(4);
    expect(upstream.stats()).toMatchObject({ active: 4, queued: 0, capacity: 4 });
    await Promise.all(calls);
    upstream.setCapacity(1);
    const more = Array.from({ length: 3 }, () => call(upstream!.url));
    await waitFor(() => upstream!.stats().queued === 2, 5_000, "2 queued after lowering");
    expect(upstream.stats().active).toBe(1);
    await Promise.all(more);
    expect(() => upstream!.setCapacity(0)).toThrow(RangeError);
  });

  it("drops a queued request whose client went away", async () => {
    upstream = await startCapacityUpstream({ capacity: 1, serviceMs: 300 });
    agent = new Agent({ connections: 20 });
    const first = call(upstream.url);
    const controller = new AbortController();
    const abandoned = call(upstream.url, controller.signal).catch((e: unknown) => e);
    await waitFor(() => upstream!.stats().queued === 1, 5_000, "1 queued");
    controller.abort();
    await abandoned;
    await waitFor(() => upstream!.stats().abandoned === 1, 5_000, "abandoned");
    expect(upstream.stats().queued).toBe(0);
    await first;
    expect(upstream.stats().served).toBe(1);
  });
});
