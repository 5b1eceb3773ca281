import { systemClock, type Clock, type TimerHandle } from "../clock";
import { addAbortListener, Cancellation, removeAbortListener, type CancelSignal } from "../cancellation";
import { CancelledError, TimeoutError } from "../errors";
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
  const parent = o.signal;
  if (parent?.aborted) return Promise.reject(new CancelledError(parent.reason));
  const cancellation = new Cancellation();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let timer: TimerHandle | undefined;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      if (timer !== undefined) o.clock.clearTimeout(timer);
      if (parent) removeAbortListener(parent, onAbort);
      return true;
    };
    const onAbort = (): void => {
      if (!finish()) return;
      const error = new CancelledError(parent?.reason);
      cancellation.abort(error);
      reject(error);
    };
    if (o.timeoutMs > 0 && Number.isFinite(o.timeoutMs)) {
      timer = o.clock.setTimeout(() => {
        timer = undefined;
        if (!finish()) return;
        const error = new TimeoutError(o.timeoutMs, o.scope ?? "attempt");
        cancellation.abort(error);
        reject(error);
      }, o.timeoutMs);
    }
    if (parent) addAbortListener(parent, onAbort);
    let result: Promise<T> | T;
    try {
      result = fn(cancellation);
    } catch (error) {
      if (finish()) reject(error);
      return;
    }
    Promise.resolve(result).then(
      (value) => {
        if (finish()) resolve(value);
      },
      (error: unknown) => {
        if (finish()) reject(error);
      },
    );
  });
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
