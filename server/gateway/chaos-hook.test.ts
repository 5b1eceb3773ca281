// The gateway's chaos faults on a fake clock: latency inside the attempt (a cancellation such as
// the timeout cuts it short, the upstream is never called), the answered error and the reset,
// counted as injected once per request, and the body pacing to the byte.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { Cancellation } from "@/lib/engine/cancellation";
import { FakeClock, flushMicrotasks } from "@/lib/engine/fake-clock";
import type { FaultType } from "@/lib/engine/chaos/types";
import type { ChaosInjector } from "../chaos/injector";
import { clientFailed, faultyAttempt, pacedStream, type InScopeDecision } from "./chaos-hook";
import type { UpstreamCall } from "./upstream-call";

function recorder() {
  const applied: FaultType[][] = [];
  const injector: ChaosInjector = {
    experimentId: "e",
    service: "s",
    decide: () => ({ inScope: false }),
    applied: (f) => applied.push([...f]),
    outcome: () => undefined,
  };
  let upstreamCalls = 0;
  const upstream = () => {
    upstreamCalls++;
    return Promise.resolve({ statusCode: 200 } as UpstreamCall);
  };
  return { applied, injector, upstream, calls: () => upstreamCalls };
}
const decision = (d: Partial<InScopeDecision>): InScopeDecision => ({ inScope: true, delayMs: 0, injected: [], ...d });

describe("faultyAttempt", () => {
  it("waits the latency before calling the upstream", async () => {
    const clock = new FakeClock();
    const r = recorder();
    const attempt = faultyAttempt(r.injector, decision({ delayMs: 300, injected: ["latency"] }), clock, r.upstream);
    const p = attempt(new Cancellation());
    await clock.advanceAsync(299);
    expect(r.calls()).toBe(0);
    await clock.advanceAsync(1);
    expect((await p).statusCode).toBe(200);
    expect(r.calls()).toBe(1);
    expect(r.applied).toEqual([["latency"]]);
  });

  it("a cancellation during the latency (the timeout) ends the attempt; the upstream is never called", async () => {
    const clock = new FakeClock();
    const r = recorder();
    const c = new Cancellation();
    const p = faultyAttempt(r.injector, decision({ delayMs: 2_000, injected: ["latency"] }), clock, r.upstream)(c);
    await clock.advanceAsync(150);
    c.abort(new Error("timed out"));
    await expect(p).rejects.toThrow("timed out");
    await clock.advanceAsync(5_000);
    expect(r.calls()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("answers the error itself and resets instead of calling; every attempt gets the fault, counted once", async () => {
    const clock = new FakeClock();
    const r = recorder();
    const err = faultyAttempt(r.injector, decision({ terminal: { type: "error", status: 503, body: "nope" }, injected: ["error"] }), clock, r.upstream);
    const first = await err(new Cancellation());
    const second = await err(new Cancellation());
    for (const call of [first, second]) expect([call.statusCode, call.headers["content-length"]]).toEqual([503, "4"]);
    const reset = faultyAttempt(r.injector, decision({ terminal: { type: "abort" }, injected: ["abort"] }), clock, r.upstream);
    await expect(reset(new Cancellation())).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(r.calls()).toBe(0);
    expect(r.applied).toEqual([["error"], ["abort"]]);
  });

  it("counts 5xx and 429 answers as failures the client saw", () => {
    expect([200, 404, 429, 500, 503].map(clientFailed)).toEqual([false, false, true, true, true]);
  });
});

describe("pacedStream", () => {
  it("lets 10 000 bytes through at 1 000 B/s: 100-byte chunks, one every 100 ms, 10 s in all", async () => {
    const clock = new FakeClock();
    const paced = pacedStream(1_000, clock);
    const out = new PassThrough();
    let received = 0;
    const chunks: number[] = [];
    out.on("data", (c: Buffer) => {
      received += c.length;
      chunks.push(c.length);
    });
    paced.pipe(out);
    paced.end(Buffer.alloc(10_000, 1));
    await flushMicrotasks();
    expect(received).toBe(0);
    const at = async (ms: number) => {
      await clock.advanceAsync(ms);
      await new Promise((r) => setImmediate(r));
      return received;
    };
    expect(await at(100)).toBe(100);
    expect(await at(4_899)).toBe(4_900);
    expect(await at(1)).toBe(5_000);
    expect(await at(5_000)).toBe(10_000);
    expect(new Set(chunks)).toEqual(new Set([100]));
  });

  it("stops its timer when destroyed (the client went away)", async () => {
    const clock = new FakeClock();
    const paced = pacedStream(1_000, clock);
    paced.resume();
    paced.write(Buffer.alloc(1_000));
    await flushMicrotasks();
    expect(clock.pendingTimers()).toBe(1);
    paced.destroy();
    await flushMicrotasks();
    expect(clock.pendingTimers()).toBe(0);
  });
});
