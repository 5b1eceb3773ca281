import type { CircuitBreaker } from "../breaker/circuit-breaker";
import { toAbortSignal, type CancelSignal } from "../cancellation";
import { systemClock, type Clock } from "../clock";
import { CancelledError, RetryBudgetExhaustedError, type BreakwaterError } from "../errors";
import { EventHub, type Listener, type Unsubscribe } from "../events";
import { sleep } from "../timeout/timeout";
import { backoffDelay, type RandomSource } from "./backoff";
import { defaultClassify, toVerdict, type Classifier, type Verdict } from "./classify";
import { retryOptionsSchema, type RetryOptions, type RetryOptionsInput } from "./options";
import { RetryBudget } from "./retry-budget";

/** What one attempt of a retried call came to. `refused`: a guard refused before it ran. */
export type AttemptResult<T> =
  | { kind: "value"; value: T; verdict: Verdict }
  | { kind: "error"; error: unknown; verdict: Verdict }
  | { kind: "refused"; error: BreakwaterError };

/** Why the retry loop stopped. Guard refusals use the refusing error's code. */
export type StopReason =
  | "success"
  | "not_retryable"
  | "not_idempotent"
  | "max_attempts"
  | "budget_exhausted"
  | "retry_after_too_long"
  | "deadline"
  | "aborted"
  | "circuit_open"
  | "bulkhead_full"
  | "bulkhead_timeout"
  | "user_bulkhead_full";

/**
 * The final outcome: the last attempt's value (even if classified as a failure) or error. When a
 * guard refused before anything ran, `error` is the refusal and `attempts` is 0.
 */
export type RunOutcome<T> = ({ kind: "value"; value: T } | { kind: "error"; error: unknown }) & {
  /** Attempts that actually ran the operation. */
  attempts: number;
  stop: StopReason;
  /** The last attempt's verdict (absent if nothing ran). */
  verdict?: Verdict;
  /** The refusal that ended the retries, if a guard refused a retry. */
  refusal?: BreakwaterError;
};

export interface RetryEvent {
  name: string;
  /** The attempt that failed (1 = first). */
  attempt: number;
  delayMs: number;
  /** Whether the delay came from the upstream (Retry-After). */
  fromRetryAfter: boolean;
  at: number;
}

export interface GiveUpEvent {
  name: string;
  attempts: number;
  stop: Exclude<StopReason, "success">;
  at: number;
}

export type RetryEvents = { retry: RetryEvent; giveUp: GiveUpEvent };

export interface RunOptions {
  signal?: CancelSignal | undefined;
  /** false = never retry (non-idempotent request). Default true. */
  idempotent?: boolean | undefined;
  /** Absolute time (clock ms) after which no retry starts. */
  deadlineAt?: number | undefined;
  /** Called with a value that is being retried (e.g. to drain an HTTP response body). */
  discard?: ((value: unknown) => void) | undefined;
  /** The clock's time now, when the caller has just read it (saves a read). */
  now?: number | undefined;
}

export interface RetryDeps {
  name?: string;
  clock?: Clock;
  /** Numbers in [0, 1) for jitter. Default Math.random. */
  random?: RandomSource;
  /** Share one budget between policies; default: a budget of `budgetPercent` over 10 s. */
  budget?: RetryBudget;
}

export interface RetryExecuteOptions<T> extends RunOptions {
  classify?: Classifier<T>;
  /** Every attempt must get this breaker's permission; a refusal ends the retries. */
  breaker?: CircuitBreaker;
}

/**
 * Retries with exponential backoff and jitter, bounded by a retry budget. `run()` drives attempts
 * produced by the caller (the pipeline uses it to put guards inside every attempt); `execute()` is
 * the stand-alone form.
 */
export class RetryPolicy {
  readonly name: string;
  readonly budget: RetryBudget;
  private opts: RetryOptions;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private hub: EventHub<RetryEvents> | null = null;

  constructor(options: RetryOptionsInput = {}, deps: RetryDeps = {}) {
    this.opts = retryOptionsSchema.parse(options);
    this.name = deps.name ?? "retry";
    this.clock = deps.clock ?? systemClock;
    this.random = deps.random ?? Math.random;
    this.budget = deps.budget ?? new RetryBudget({ percent: this.opts.budgetPercent }, this.clock);
  }

  get options(): RetryOptions {
    return this.opts;
  }

  /** The delay before retry number `retry` (1-based), for a given previous delay. */
  delayFor(retry: number, previousDelayMs = 0): number {
    return backoffDelay(retry, previousDelayMs, this.opts, this.random);
  }

  async run<T>(attempt: (n: number) => Promise<AttemptResult<T>>, o: RunOptions = {}): Promise<RunOutcome<T>> {
    const opts = this.opts;
    this.budget.recordCall(o.now);
    let last: RunOutcome<T> | undefined;
    let ran = 0;
    let previousDelay = 0;
    for (let n = 1; ; n++) {
      const r = await attempt(n);
      if (r.kind === "refused") {
        const stop = stopFor(r.error);
        if (!last) return this.finish({ kind: "error", error: r.error, attempts: 0, stop });
        return this.finish({ ...last, stop, refusal: r.error });
      }
      ran++;
      last =
        r.kind === "value"
          ? { kind: "value", value: r.value, attempts: ran, stop: "success", verdict: r.verdict }
          : { kind: "error", error: r.error, attempts: ran, stop: "success", verdict: r.verdict };
      const v = r.verdict;
      // a success ends the call, unless the classifier asks for a retry anyway (a retryOn status
      // that the breaker does not count as a failure)
      if (v.outcome === "success" && v.retryable !== true) return last;
      if (o.signal?.aborted) return this.finish({ ...last, stop: "aborted" });
      if (v.retryable === false) return this.finish({ ...last, stop: "not_retryable" });
      if (o.idempotent === false) return this.finish({ ...last, stop: "not_idempotent" });
      if (n >= opts.maxAttempts) return this.finish({ ...last, stop: "max_attempts" });
      let delay: number;
      const fromRetryAfter = v.retryAfterMs !== undefined && !Number.isNaN(v.retryAfterMs);
      if (v.retryAfterMs !== undefined && fromRetryAfter) {
        if (v.retryAfterMs > opts.maxDelayMs) return this.finish({ ...last, stop: "retry_after_too_long" });
        delay = Math.max(0, Math.ceil(v.retryAfterMs));
      } else {
        delay = backoffDelay(n, previousDelay, opts, this.random);
      }
      const now = this.clock.now();
      if (o.deadlineAt !== undefined && now + delay >= o.deadlineAt) return this.finish({ ...last, stop: "deadline" });
      if (!this.budget.tryRetry()) return this.finish({ ...last, stop: "budget_exhausted" });
      this.hub?.emit("retry", { name: this.name, attempt: n, delayMs: delay, fromRetryAfter, at: now });
      previousDelay = delay;
      if (r.kind === "value" && o.discard) {
        try {
          o.discard(r.value);
        } catch {
          /* discarding is best effort */
        }
      }
      try {
        await sleep(delay, this.clock, toAbortSignal(o.signal));
      } catch (error) {
        return this.finish({ kind: "error", error, attempts: ran, stop: "aborted", verdict: v });
      }
    }
  }

  /**
   * Runs `fn` with retries. Resolves with the last value (even one classified as a failure) and
   * rejects with the last error — or RetryBudgetExhaustedError (cause: the last error) when the
   * budget stopped the retries, or the refusal when the breaker refused the first attempt.
   */
  async execute<T>(
    fn: (signal: AbortSignal, attempt: number) => Promise<T> | T,
    options: RetryExecuteOptions<T> = {},
  ): Promise<T> {
    const classify = options.classify ?? defaultClassify;
    const signal = toAbortSignal(options.signal) ?? NEVER;
    const breaker = options.breaker;
    const outcome = await this.run<T>(async (n) => {
      const permit = breaker?.tryAcquire();
      if (permit && !permit.ok) return { kind: "refused", error: breaker!.rejectionError(permit) };
      if (signal.aborted) {
        permit?.release();
        return { kind: "error", error: new CancelledError(signal.reason), verdict: { outcome: "failure", retryable: false } };
      }
      const started = this.clock.now();
      try {
        const value = await fn(signal, n);
        const verdict = toVerdict(classify({ ok: true, value, attempt: n, durationMs: this.clock.now() - started }));
        permit?.record({ failed: verdict.outcome === "failure", slow: verdict.slow, durationMs: this.clock.now() - started });
        return { kind: "value", value, verdict };
      } catch (error) {
        const verdict = toVerdict(classify({ ok: false, error, attempt: n, durationMs: this.clock.now() - started }));
        permit?.record({ failed: verdict.outcome === "failure", slow: verdict.slow, durationMs: this.clock.now() - started });
        return { kind: "error", error, verdict };
      }
    }, options);
    return unwrapOutcome(outcome);
  }

  updateOptions(options: Partial<RetryOptionsInput>): void {
    this.opts = retryOptionsSchema.parse({ ...this.opts, ...options });
    this.budget.setPercent(this.opts.budgetPercent);
  }

  on<K extends keyof RetryEvents>(event: K, listener: Listener<RetryEvents[K]>): Unsubscribe {
    this.hub ??= new EventHub<RetryEvents>();
    return this.hub.on(event, listener);
  }

  private finish<T>(outcome: RunOutcome<T>): RunOutcome<T> {
    if (outcome.stop !== "success" && this.hub?.has("giveUp")) {
      this.hub.emit("giveUp", { name: this.name, attempts: outcome.attempts, stop: outcome.stop, at: this.clock.now() });
    }
    return outcome;
  }
}

/** The value, or the error to throw (see RetryPolicy.execute). */
export function unwrapOutcome<T>(outcome: RunOutcome<T>): T {
  if (outcome.kind === "value") return outcome.value;
  if (outcome.stop === "budget_exhausted") throw new RetryBudgetExhaustedError(outcome.attempts, outcome.error);
  throw outcome.error;
}

/** The stop reason for a guard's refusal (shared with the pipeline). */
export function stopFor(error: BreakwaterError): StopReason {
  switch (error.code) {
    case "circuit_open":
    case "bulkhead_full":
    case "bulkhead_timeout":
    case "user_bulkhead_full":
      return error.code;
    case "cancelled":
      return "aborted";
    default:
      return "not_retryable";
  }
}

const NEVER: AbortSignal = new AbortController().signal;

export function createRetry(options?: RetryOptionsInput, deps?: RetryDeps): RetryPolicy {
  return new RetryPolicy(options, deps);
}
