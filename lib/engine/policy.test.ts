import { describe, expect, it, vi } from "vitest";
import { createCircuitBreaker } from "./breaker/circuit-breaker";
import { createBulkhead } from "./bulkhead/bulkhead";
import { createPerUserBulkhead } from "./bulkhead/per-user-bulkhead";
import type { Cancellation } from "./cancellation";
import {
  BulkheadFullError,
  CircuitOpenError,
  TimeoutError,
  UserBulkheadFullError,
  isBreakwaterError,
} from "./errors";
import { FakeClock } from "./fake-clock";
import { createPipeline, type PipelineExecuteOptions } from "./policy";
import type { AttemptOutcome, Verdict } from "./retry/classify";
import { createRetry } from "./retry/retry";

interface Res {
  status: number;
  retryAfterMs?: number;
}

/** How the gateway classifies: failure statuses / errors / timeouts, retryOn + connection errors, Retry-After. */
function httpClassify(o: AttemptOutcome<Res>): Verdict {
  if (!o.ok) return { outcome: "failure", retryable: !(o.error instanceof TimeoutError) };
  const failed = [500, 502, 503, 504].includes(o.value.status);
  const v: Verdict = { outcome: failed ? "failure" : "success", retryable: [502, 503, 504].includes(o.value.status) };
  if (o.value.retryAfterMs !== undefined) v.retryAfterMs = o.value.retryAfterMs;
  return v;
}

function gateway(options: { consecutiveFailures?: number; maxConcurrent?: number; timeoutMs?: number; maxAttempts?: number } = {}) {
  const clock = new FakeClock();
  const breaker = createCircuitBreaker(
    { consecutiveFailures: options.consecutiveFailures ?? 0, waitInOpenMs: 1_000, slowCallDurationMs: 500 },
    { name: "svc", clock },
  );
  const bulkhead = createBulkhead({ maxConcurrent: options.maxConcurrent ?? 10, maxQueue: 0 }, { clock });
  const perUser = createPerUserBulkhead({ maxConcurrent: 1 }, { clock });
  const retry = createRetry({ jitter: "none", maxAttempts: options.maxAttempts ?? 3 }, { clock });
  const pipeline = createPipeline({ name: "svc", clock, breaker, bulkhead, perUser, retry, timeoutMs: options.timeoutMs ?? 0 });
  return { clock, breaker, bulkhead, perUser, retry, pipeline };
}

const opts = (extra: Partial<PipelineExecuteOptions<Res>> = {}): PipelineExecuteOptions<Res> => ({ classify: httpClassify, ...extra });

describe("pipeline", () => {
  it("passes a success through and records it on the breaker", async () => {
    const { pipeline, breaker, bulkhead } = gateway();
    const res = await pipeline.execute(async (_signal, attempt) => ({ status: 200, attempt }), opts({ userKey: "u" }));
    expect(res).toMatchObject({ status: 200, attempt: 1 });
    expect(breaker.metrics()).toMatchObject({ calls: 1, failures: 0 });
    expect(bulkhead.stats()).toMatchObject({ active: 0, accepted: 1 });
  });

  it("runWith hands every attempt the options object it was run with (per-call state without a closure)", async () => {
    const { pipeline, clock } = gateway();
    const call = { ...opts(), tries: [] as number[] };
    const seen: unknown[] = [];
    const done = pipeline.runWith((_c: Cancellation, n: number, o: typeof call) => {
      seen.push(o);
      o.tries.push(n);
      return Promise.resolve({ status: n < 3 ? 503 : 200 });
    }, call);
    await clock.runAllAsync();
    const outcome = await done;
    expect(outcome).toMatchObject({ kind: "value", attempts: 3, value: { status: 200 } });
    expect(call.tries).toEqual([1, 2, 3]);
    expect(seen.every((o) => o === call)).toBe(true);
  });

  it("returns the last failed response when retries are exhausted, not an error", async () => {
    const { pipeline, clock, breaker } = gateway();
    const fn = vi.fn(async () => ({ status: 503 }));
    const done = pipeline.run(fn, opts());
    await clock.runAllAsync();
    expect(await done).toMatchObject({ kind: "value", value: { status: 503 }, attempts: 3, stop: "max_attempts" });
    expect(breaker.metrics()).toMatchObject({ calls: 3, failures: 3 });
  });

  it("retries a retryable response and honours its Retry-After", async () => {
    const { pipeline, clock } = gateway();
    const delays: number[] = [];
    pipeline.on("retry", (e) => delays.push(e.delayMs));
    let n = 0;
    const done = pipeline.execute(async () => (++n === 1 ? { status: 503, retryAfterMs: 1_500 } : { status: 200 }), opts());
    await clock.advanceAsync(1_499);
    expect(n).toBe(1);
    await clock.advanceAsync(1);
    expect(await done).toEqual({ status: 200 });
    expect(delays).toEqual([1_500]);
  });

  it("does not retry a 500 (not in retryOn) nor a non-idempotent request", async () => {
    const { pipeline } = gateway();
    const fn = vi.fn(async () => ({ status: 500 }));
    expect(await pipeline.run(fn, opts())).toMatchObject({ attempts: 1, stop: "not_retryable" });
    const post = vi.fn(async () => ({ status: 503 }));
    expect(await pipeline.run(post, opts({ idempotent: false }))).toMatchObject({ attempts: 1, stop: "not_idempotent" });
  });

  it("refuses with circuit_open (and retryAfterMs) without running the operation", async () => {
    const { pipeline, breaker } = gateway();
    breaker.trip("health_check_failed");
    const fn = vi.fn(async () => ({ status: 200 }));
    const error: unknown = await pipeline.execute(fn, opts()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(isBreakwaterError(error, "circuit_open") && error.retryAfterMs).toBe(1_000);
    expect(fn).not.toHaveBeenCalled();
  });

  it("a breaker that opens mid-retry ends the retries and returns the last response", async () => {
    const { pipeline, clock } = gateway({ consecutiveFailures: 1 });
    const rejects: string[] = [];
    pipeline.on("reject", (e) => rejects.push(`${e.code}@${e.attempt}`));
    const fn = vi.fn(async () => ({ status: 503 }));
    const done = pipeline.run(fn, opts());
    await clock.runAllAsync();
    expect(await done).toMatchObject({ kind: "value", value: { status: 503 }, attempts: 1, stop: "circuit_open" });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(rejects).toEqual(["circuit_open@2"]);
  });

  it("refuses with user_bulkhead_full and bulkhead_full, releasing the breaker permit", async () => {
    const { pipeline, breaker, bulkhead } = gateway({ maxConcurrent: 1 });
    let finish: (r: Res) => void = () => {};
    const first = pipeline.execute(() => new Promise<Res>((r) => (finish = r)), opts({ userKey: "u" }));
    await Promise.resolve();
    const sameUser = await pipeline.execute(async () => ({ status: 200 }), opts({ userKey: "u" })).catch((e: unknown) => e);
    expect(sameUser).toBeInstanceOf(UserBulkheadFullError);
    const otherUser = await pipeline.execute(async () => ({ status: 200 }), opts({ userKey: "v" })).catch((e: unknown) => e);
    expect(otherUser).toBeInstanceOf(BulkheadFullError);
    finish({ status: 200 });
    await first;
    expect(breaker.metrics()).toMatchObject({ calls: 1 }); // refused calls recorded nothing
    expect(bulkhead.stats().active).toBe(0);
  });

  it("times out an attempt through its signal and counts it as a failure", async () => {
    const { pipeline, clock, breaker } = gateway({ timeoutMs: 200, maxAttempts: 1 });
    let signal: AbortSignal | undefined;
    const done = pipeline.run((s) => {
      signal = s;
      return new Promise<Res>(() => {});
    }, opts());
    await clock.advanceAsync(200);
    const outcome = await done;
    expect(outcome).toMatchObject({ kind: "error", error: { code: "timeout" }, attempts: 1 });
    expect(signal?.aborted).toBe(true);
    expect(breaker.metrics()).toMatchObject({ calls: 1, failures: 1 });
  });

  it("concurrent attempts share one clock timer: each is cut at its own timeout, none is left behind", async () => {
    const { pipeline, clock, breaker, bulkhead } = gateway({ timeoutMs: 200, maxAttempts: 1 });
    const t0 = clock.now();
    const cutAt: number[] = [];
    const hang = (c: Cancellation) =>
      new Promise<Res>((_, reject) =>
        c.onAbort((reason) => {
          cutAt.push(clock.now() - t0);
          reject(reason as Error);
        }),
      );
    const first = pipeline.runWith(hang, opts());
    await clock.advanceAsync(50);
    let answer!: (r: Res) => void;
    const quick = pipeline.runWith(() => new Promise<Res>((r) => (answer = r)), opts());
    await clock.advanceAsync(30);
    const second = pipeline.runWith(hang, opts());
    expect(clock.pendingTimers()).toBe(1);
    answer({ status: 200 });
    expect(await quick).toMatchObject({ kind: "value", stop: "success" });
    await clock.advanceAsync(119); // t = 199
    expect(cutAt).toEqual([]);
    await clock.advanceAsync(1);
    expect(cutAt).toEqual([200]);
    await clock.advanceAsync(79); // t = 279
    expect(cutAt).toEqual([200]);
    await clock.advanceAsync(1);
    expect(cutAt).toEqual([200, 280]);
    for (const o of [await first, await second]) {
      expect(o).toMatchObject({ kind: "error", error: { code: "timeout", scope: "attempt", timeoutMs: 200 }, attempts: 1 });
    }
    expect(breaker.metrics()).toMatchObject({ calls: 3, failures: 2 });
    expect(bulkhead.stats().active).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("a call's own timeout and the overall deadline cut attempts alongside the shared timer", async () => {
    const clock = new FakeClock();
    const pipeline = createPipeline({ clock, timeoutMs: 200 });
    const t0 = clock.now();
    const cutAt: Record<string, number> = {};
    const hang = (name: string) => (c: Cancellation) =>
      new Promise<Res>((_, reject) =>
        c.onAbort((reason) => {
          cutAt[name] = clock.now() - t0;
          reject(reason as Error);
        }),
      );
    const usual = pipeline.runWith(hang("usual"), opts());
    const own = pipeline.runWith(hang("own"), opts({ timeoutMs: 70 }));
    const deadline = pipeline.runWith(hang("deadline"), opts({ deadlineMs: 120 }));
    await clock.advanceAsync(1_000);
    expect(cutAt).toEqual({ usual: 200, own: 70, deadline: 120 });
    expect(await own).toMatchObject({ error: { code: "timeout", timeoutMs: 70, scope: "attempt" } });
    expect(await deadline).toMatchObject({ error: { code: "timeout", timeoutMs: 120, scope: "deadline" } });
    expect(await usual).toMatchObject({ error: { code: "timeout", timeoutMs: 200, scope: "attempt" } });
    expect(clock.pendingTimers()).toBe(0);
  });

  it("classifies slow calls from their duration", async () => {
    const { pipeline, clock, breaker } = gateway();
    const done = pipeline.execute(async () => {
      await new Promise<void>((r) => clock.setTimeout(r, 600));
      return { status: 200 };
    }, opts());
    await clock.advanceAsync(600);
    await done;
    expect(breaker.metrics()).toMatchObject({ calls: 1, slowCalls: 1, failures: 0 });
  });

  it("enforces an overall deadline across attempts", async () => {
    const clock = new FakeClock();
    const retry = createRetry({ jitter: "none", maxAttempts: 10 }, { clock });
    const pipeline = createPipeline({ clock, retry, deadlineMs: 250 });
    const fn = vi.fn(async () => ({ status: 503 }));
    const done = pipeline.run(fn, opts());
    await clock.runAllAsync();
    expect(await done).toMatchObject({ stop: "deadline" });
    expect(fn).toHaveBeenCalledTimes(2); // t=0, t=100; the next would start at 300
  });

  it("a caller abort releases everything and records nothing on the breaker", async () => {
    const { pipeline, breaker, bulkhead } = gateway();
    const controller = new AbortController();
    const done = pipeline.run(() => new Promise<Res>(() => {}), opts({ signal: controller.signal, userKey: "u" }));
    await Promise.resolve();
    controller.abort();
    expect(await done).toMatchObject({ stop: "aborted", error: { code: "cancelled" } });
    expect(breaker.metrics().calls).toBe(0);
    expect(bulkhead.stats().active).toBe(0);
    expect(breaker.halfOpenTrials).toBe(0);
  });

  it("forwards breaker state changes and give-ups as typed events", async () => {
    const { pipeline, clock } = gateway({ consecutiveFailures: 2 });
    const seen: string[] = [];
    pipeline.on("stateChange", (e) => seen.push(`${e.from}->${e.to}:${e.reason}`));
    pipeline.on("giveUp", (e) => seen.push(`giveUp:${e.stop}`));
    const done = pipeline.run(async () => ({ status: 502 }), opts());
    await clock.runAllAsync();
    await done;
    expect(seen).toEqual(["closed->open:consecutive_failures", "giveUp:circuit_open"]);
  });
});
