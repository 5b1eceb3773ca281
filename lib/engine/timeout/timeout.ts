import { systemClock, type Clock, type TimerHandle } from "../clock";
import { Cancellation, type AbortHandler, type CancelSignal } from "../cancellation";
import { CancelledError, TimeoutError } from "../errors";
import { ListedTimeout, type TimeoutList } from "./timeout-list";
import { timeoutOptionsSchema, type TimeoutOptions, type TimeoutOptionsInput } from "./options";

export interface RunWithTimeoutOptions {
  /** 0 or Infinity = no timeout. */
  timeoutMs: number;
  clock: Clock;
  /** The caller's signal: aborting it aborts the attempt and rejects with CancelledError. */
  signal?: CancelSignal | undefined;
  /** Reported on the TimeoutError. */
  scope?: "attempt" | "deadline";
}

/**
 * Runs `fn` with a signal that aborts when the timeout fires or the caller's signal aborts. The
 * returned promise settles at that moment even if `fn` ignores its signal (TimeoutError /
 * CancelledError); the signal's reason is that same error.
 */
export function runWithTimeout<T>(fn: (signal: AbortSignal) => Promise<T> | T, o: RunWithTimeoutOptions): Promise<T> {
  return runCancellable((c) => fn(c.signal), o);
}

/**
 * runWithTimeout for hot paths: `fn` gets a Cancellation (no AbortController unless it asks for
 * `signal`), aborted with the TimeoutError / CancelledError when the timeout fires or the caller's
 * signal aborts.
 */
export function runCancellable<T>(fn: (c: Cancellation) => Promise<T> | T, o: RunWithTimeoutOptions): Promise<T> {
  return runTimed(fn, undefined, o, undefined, 0);
}

/**
 * `runCancellable` with `fn(c, arg, arg2)` (no closure per call), for the pipeline. With `list` (of
 * `o.timeoutMs`), the timeout is one of the list's, started at `now` (the caller's clock reading),
 * instead of a clock timer of its own.
 * @internal
 */
export function runTimed<T, A, B = undefined>(
  fn: (c: Cancellation, arg: A, arg2: B) => Promise<T> | DirectResult<T> | T,
  arg: A,
  o: RunWithTimeoutOptions,
  list: TimeoutList | undefined,
  now: number,
  arg2?: B,
): Promise<T> {
  const parent = o.signal;
  if (parent?.aborted) return Promise.reject(new CancelledError(parent.reason));
  const run = new TimedRun<T>(o);
  const promise = new Promise<T>((resolve, reject) => {
    run.resolve = resolve;
    run.reject = reject;
  });
  if (o.timeoutMs > 0 && Number.isFinite(o.timeoutMs)) {
    if (list) list.start(run, now);
    else run.timer = o.clock.setTimeout(() => run.expire(), o.timeoutMs);
  }
  if (parent instanceof Cancellation) parent.onAbort(run);
  else if (parent) {
    run.onSignal = () => run.handleAbort();
    parent.addEventListener("abort", run.onSignal, { once: true });
  }
  let result: Promise<T> | DirectResult<T> | T;
  try {
    result = fn(run.cancellation, arg, arg2 as B);
  } catch (error) {
    if (run.finish()) run.reject(error);
    return promise;
  }
  // a promise (Promise.resolve returns a native one as it is) or a plain value; or a DirectResult
  if (isDirectResult<T>(result)) result.settleInto(run);
  else Promise.resolve(result).then((v) => run.onValue(v), (e: unknown) => run.onError(e));
  return promise;
}

/** Where a DirectResult delivers its outcome: called at most once, with one or the other. */
export interface SettleTarget<T> {
  onValue(value: T): void;
  onError(error: unknown): void;
}

/**
 * An operation's result that settles the run itself when it completes (`settleInto`), for hot
 * paths: no promise, resolver functions or callbacks between the operation and the timed run.
 * `settleInto` is called once, synchronously after the operation started; the result calls one of
 * the target's methods once, then or later.
 */
export interface DirectResult<T> {
  settleInto(target: SettleTarget<T>): void;
}

function isDirectResult<T>(r: unknown): r is DirectResult<T> {
  return typeof r === "object" && r !== null && typeof (r as Partial<DirectResult<T>>).settleInto === "function";
}

/** One run: settles once, with fn's outcome, a TimeoutError or a CancelledError, whichever comes first. */
class TimedRun<T> extends ListedTimeout implements AbortHandler, SettleTarget<T> {
  readonly cancellation = new Cancellation();
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;
  /** Its own clock timer (when not on a TimeoutList). */
  timer: TimerHandle = undefined;
  /** The listener on a caller's AbortSignal (a Cancellation calls handleAbort). */
  onSignal: (() => void) | undefined = undefined;
  private settled = false;

  constructor(private readonly o: RunWithTimeoutOptions) {
    super();
  }

  onValue(value: T): void {
    if (this.finish()) this.resolve(value);
  }

  onError(error: unknown): void {
    if (this.finish()) this.reject(error);
  }

  /** Stops the timeout and the listening; false when already settled. */
  finish(): boolean {
    if (this.settled) return false;
    this.settled = true;
    const { o } = this;
    if (this.list !== null) this.list.stop(this);
    else if (this.timer !== undefined) o.clock.clearTimeout(this.timer);
    const parent = o.signal;
    if (parent instanceof Cancellation) parent.offAbort(this);
    else if (parent && this.onSignal) parent.removeEventListener("abort", this.onSignal);
    return true;
  }

  /** The timeout fired. */
  expire(): void {
    this.timer = undefined;
    if (!this.finish()) return;
    const error = new TimeoutError(this.o.timeoutMs, this.o.scope ?? "attempt");
    this.cancellation.abort(error);
    this.reject(error);
  }

  /** The caller's signal aborted. */
  handleAbort(): void {
    if (!this.finish()) return;
    const error = new CancelledError(this.o.signal?.reason);
    this.cancellation.abort(error);
    this.reject(error);
  }
}

/** Waits `ms` on the clock; rejects with CancelledError if the signal aborts first. */
export function sleep(ms: number, clock: Clock, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new CancelledError(signal.reason));
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      reject(new CancelledError(signal?.reason));
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** A stand-alone timeout policy: per-call timeout (`timeoutMs`), aborting through the signal. */
export class TimeoutPolicy {
  readonly options: TimeoutOptions;
  private readonly clock: Clock;

  constructor(options: TimeoutOptionsInput = {}, deps: { clock?: Clock } = {}) {
    this.options = timeoutOptionsSchema.parse(options);
    this.clock = deps.clock ?? systemClock;
  }

  execute<T>(fn: (signal: AbortSignal) => Promise<T> | T, options: { signal?: AbortSignal } = {}): Promise<T> {
    return runWithTimeout(fn, { timeoutMs: this.options.timeoutMs, clock: this.clock, signal: options.signal });
  }
}

export function createTimeout(options?: TimeoutOptionsInput, deps?: { clock?: Clock }): TimeoutPolicy {
  return new TimeoutPolicy(options, deps);
}
