import type { BreakerGuard } from "./breaker/circuit-breaker";
import { toAbortSignal, type Cancellation, type CancelSignal } from "./cancellation";
import type { BreakerEvents, BreakerPermit } from "./breaker/types";
import type { Bulkhead } from "./bulkhead/bulkhead";
import type { BulkheadLease } from "./bulkhead/lease";
import type { PerUserBulkhead } from "./bulkhead/per-user-bulkhead";
import { systemClock, type Clock } from "./clock";
import { CancelledError, TimeoutError, isBreakwaterError, type BreakwaterError } from "./errors";
import { EventHub, type Listener, type Unsubscribe } from "./events";
import { defaultClassify, toVerdict, type Classifier, type Verdict } from "./retry/classify";
import { stopFor, unwrapOutcome, type AttemptResult, type RetryEvents, type RunOutcome, type RetryPolicy } from "./retry/retry";
import { runTimed, type DirectResult } from "./timeout/timeout";
import { TimeoutList } from "./timeout/timeout-list";

export interface PipelineOptions {
  name?: string;
  clock?: Clock;
  breaker?: BreakerGuard;
  perUser?: PerUserBulkhead;
  bulkhead?: Bulkhead;
  /** Absent: one attempt, no retries. */
  retry?: RetryPolicy;
  /** Per-attempt timeout in ms; 0 = none. */
  timeoutMs?: number;
  /** Overall deadline across attempts and waits, in ms; 0 = none. */
  deadlineMs?: number;
}

export interface PipelineExecuteOptions<T> {
  /** Key for the per-user bulkhead (skipped when absent). */
  userKey?: string | undefined;
  /** The caller's signal (e.g. the client disconnected): aborts the attempt and stops retries. */
  signal?: CancelSignal | undefined;
  /** false = a single attempt (non-idempotent request). Default true. */
  idempotent?: boolean | undefined;
  /** Success/failure, retryability, Retry-After and slowness of each attempt. */
  classify?: Classifier<T> | undefined;
  /** Called with a value (e.g. a failed HTTP response) that is about to be retried. */
  discard?: ((value: T) => void) | undefined;
  /** Overrides the pipeline's per-attempt timeout for this call. */
  timeoutMs?: number | undefined;
  /** Overrides the pipeline's overall deadline for this call. */
  deadlineMs?: number | undefined;
}

export type PipelineOutcome<T> = RunOutcome<T>;

export interface PipelineRejectEvent {
  name: string;
  code: BreakwaterError["code"];
  /** The attempt that was refused (1 = first). */
  attempt: number;
  retryAfterMs: number | undefined;
  userKey?: string;
  at: number;
}

export type PipelineEvents = {
  /** A guard refused an attempt (breaker, per-user bulkhead, bulkhead). */
  reject: PipelineRejectEvent;
};

type AllEvents = PipelineEvents & Pick<BreakerEvents, "stateChange"> & RetryEvents;

/**
 * The gateway's guard chain. Each attempt: breaker permission → per-user bulkhead → bulkhead →
 * the operation with its timeout; the retry policy wraps the attempts, so every retry needs the
 * breaker's permission again and a refusal ends the retries without running the operation.
 */
export class Pipeline {
  readonly name: string;
  readonly breaker: BreakerGuard | undefined;
  readonly perUser: PerUserBulkhead | undefined;
  readonly bulkhead: Bulkhead | undefined;
  readonly retry: RetryPolicy | undefined;
  timeoutMs: number;
  deadlineMs: number;
  private readonly clock: Clock;
  private hub: EventHub<PipelineEvents> | null = null;
  /** Attempt timeouts share one clock timer (per timeout length; see TimeoutList). */
  private timeouts: TimeoutList | undefined = undefined;

  constructor(o: PipelineOptions = {}) {
    this.name = o.name ?? o.breaker?.name ?? "pipeline";
    this.clock = o.clock ?? systemClock;
    this.breaker = o.breaker;
    this.perUser = o.perUser;
    this.bulkhead = o.bulkhead;
    this.retry = o.retry;
    this.timeoutMs = o.timeoutMs ?? 0;
    this.deadlineMs = o.deadlineMs ?? 0;
  }

  /** Runs `fn` through the guards and returns the detailed outcome (never rejects for fn's errors). */
  run<T>(fn: (signal: AbortSignal, attempt: number) => Promise<T>, options: PipelineExecuteOptions<T> = {}): Promise<PipelineOutcome<T>> {
    return this.runWith((c, n) => fn(c.signal, n), options);
  }

  /**
   * `run` for hot paths: each attempt gets a Cancellation (aborted on timeout or when the caller's
   * signal aborts) instead of an AbortSignal, so no AbortController is made per attempt, and the
   * options it was run with, so a caller can keep its per-call state there and pass a function that
   * closes over nothing.
   */
  runWith<T, O extends PipelineExecuteOptions<T> = PipelineExecuteOptions<T>>(
    fn: (cancellation: Cancellation, attempt: number, options: O) => Promise<T> | DirectResult<T>,
    options: O = {} as O,
  ): Promise<PipelineOutcome<T>> {
    const now = this.clock.now();
    const deadlineMs = options.deadlineMs ?? this.deadlineMs;
    const deadlineAt = deadlineMs > 0 ? now + deadlineMs : undefined;
    const classify = options.classify ?? defaultClassify;
    // the first attempt starts now (synchronously): it takes this clock reading
    let at: number | undefined = now;
    const attempt = (n: number): Promise<AttemptResult<T>> => {
      const t = at;
      at = undefined;
      return this.attempt(fn, n, options, classify, deadlineAt, t);
    };
    if (!this.retry) return attempt(1).then(singleOutcome);
    // not an async function: the caller gets the retry loop's own promise (no extra hops)
    return this.retry.run(attempt, {
      signal: options.signal,
      idempotent: options.idempotent,
      deadlineAt,
      discard: options.discard as ((value: unknown) => void) | undefined,
      now,
    });
  }

  /**
   * Runs `fn` through the guards. Resolves with the last value — including a value classified as a
   * failure once retries are exhausted (the gateway returns that response as is) — and rejects
   * with a guard's refusal (CircuitOpenError, BulkheadFullError, …) when nothing ran, the last
   * error otherwise (RetryBudgetExhaustedError wrapping it when the budget stopped the retries).
   */
  async execute<T>(fn: (signal: AbortSignal, attempt: number) => Promise<T>, options?: PipelineExecuteOptions<T>): Promise<T> {
    return unwrapOutcome(await this.run(fn, options));
  }

  on<K extends keyof AllEvents>(event: K, listener: Listener<AllEvents[K]>): Unsubscribe {
    if (event === "stateChange") {
      if (!this.breaker) return () => {};
      return this.breaker.on("stateChange", listener as Listener<BreakerEvents["stateChange"]>);
    }
    if (event === "retry") {
      return this.retry ? this.retry.on("retry", listener as Listener<RetryEvents["retry"]>) : () => {};
    }
    if (event === "giveUp") {
      return this.retry ? this.retry.on("giveUp", listener as Listener<RetryEvents["giveUp"]>) : () => {};
    }
    this.hub ??= new EventHub<PipelineEvents>();
    return this.hub.on("reject", listener as Listener<PipelineEvents["reject"]>);
  }

  private async attempt<T, O extends PipelineExecuteOptions<T>>(
    fn: (cancellation: Cancellation, attempt: number, options: O) => Promise<T> | DirectResult<T>,
    n: number,
    o: O,
    classify: Classifier<T>,
    deadlineAt: number | undefined,
    /** The clock now, when the caller has just read it. */
    at: number | undefined,
  ): Promise<AttemptResult<T>> {
    const signal = o.signal;
    if (signal?.aborted) return this.refused(new CancelledError(signal.reason), n, o);

    let started = at ?? this.clock.now();
    let permit: BreakerPermit | undefined;
    if (this.breaker) {
      const p = this.breaker.tryAcquire(started);
      if (!p.ok) return this.refused(this.breaker.rejectionError(p), n, o);
      permit = p;
    }

    let userLease: BulkheadLease | undefined;
    let lease: BulkheadLease | undefined;
    try {
      const key = o.userKey;
      if (this.perUser && key !== undefined) {
        userLease = this.perUser.tryAcquire(key);
        if (!userLease) {
          userLease = await this.perUser.acquire(key, { signal: toAbortSignal(signal) });
          started = this.clock.now(); // waited in the queue
        }
      }
      if (this.bulkhead) {
        lease = this.bulkhead.tryAcquire();
        if (!lease) {
          lease = await this.bulkhead.acquire({ signal: toAbortSignal(signal) });
          started = this.clock.now();
        }
      }
    } catch (error) {
      userLease?.release();
      permit?.release();
      if (isBreakwaterError(error)) return this.refused(error, n, o);
      throw error;
    }

    let timeoutMs = o.timeoutMs ?? this.timeoutMs;
    let scope: "attempt" | "deadline" = "attempt";
    if (deadlineAt !== undefined) {
      const left = deadlineAt - started;
      if (timeoutMs <= 0 || left < timeoutMs) {
        timeoutMs = Math.max(1, left);
        scope = "deadline";
      }
    }

    let result: AttemptResult<T>;
    let verdict: Verdict;
    let ended: number;
    try {
      const value = await runTimed(fn, n, { timeoutMs, clock: this.clock, signal, scope }, scope === "attempt" ? this.timeoutList(timeoutMs) : undefined, started, o);
      ended = this.clock.now();
      verdict = toVerdict(classify({ ok: true, value, attempt: n, durationMs: ended - started }));
      result = { kind: "value", value, verdict };
    } catch (error) {
      ended = this.clock.now();
      if (signal?.aborted && !(error instanceof TimeoutError)) {
        // the caller went away: not the upstream's fault, record nothing
        lease?.release();
        userLease?.release();
        permit?.release();
        return { kind: "error", error, verdict: { outcome: "failure", retryable: false } };
      }
      verdict = toVerdict(classify({ ok: false, error, attempt: n, durationMs: ended - started }));
      result = { kind: "error", error, verdict };
    }
    lease?.release();
    userLease?.release();
    permit?.record({ failed: verdict.outcome === "failure", slow: verdict.slow, durationMs: ended - started, at: ended });
    return result;
  }

  /** The shared timer list of this pipeline's attempt timeouts of `ms` (none for 0 or Infinity). */
  private timeoutList(ms: number): TimeoutList | undefined {
    if (!(ms > 0 && Number.isFinite(ms))) return undefined;
    if (this.timeouts?.ms !== ms) this.timeouts = new TimeoutList(this.clock, ms);
    return this.timeouts;
  }

  private refused<T>(error: BreakwaterError, attempt: number, o: PipelineExecuteOptions<T>): AttemptResult<T> {
    if (this.hub?.has("reject") && error.code !== "cancelled") {
      const event: PipelineRejectEvent = {
        name: this.name,
        code: error.code,
        attempt,
        retryAfterMs: error.retryAfterMs,
        at: this.clock.now(),
      };
      if (o.userKey !== undefined) event.userKey = o.userKey;
      this.hub.emit("reject", event);
    }
    return { kind: "refused", error };
  }
}

/** The outcome of a pipeline without retries (one attempt). */
function singleOutcome<T>(r: AttemptResult<T>): PipelineOutcome<T> {
  if (r.kind === "refused") return { kind: "error", error: r.error, attempts: 0, stop: stopFor(r.error) };
  const stop = r.verdict.outcome === "success" ? "success" : "max_attempts";
  return r.kind === "value"
    ? { kind: "value", value: r.value, attempts: 1, stop, verdict: r.verdict }
    : { kind: "error", error: r.error, attempts: 1, stop, verdict: r.verdict };
}

export function createPipeline(options?: PipelineOptions): Pipeline {
  return new Pipeline(options);
}
