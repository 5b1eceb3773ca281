/**
 * Errors raised by the engine. Every one has a stable `code` (safe to put in an API response or a
 * metric label) and, where the caller can usefully wait, `retryAfterMs`.
 */
export type BreakwaterErrorCode =
  | "circuit_open"
  | "bulkhead_full"
  | "bulkhead_timeout"
  | "user_bulkhead_full"
  | "retry_budget_exhausted"
  | "timeout"
  | "cancelled";

/**
 * Builds an error without capturing a stack trace. Refusals (circuit_open, bulkhead_full,
 * user_bulkhead_full) are expected, high-volume control flow raised from one place: a stack trace
 * would cost microseconds each under overload and tell nothing.
 */
export function withoutStack<E extends Error>(make: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

const settled = Promise.resolve();

/**
 * A promise that rejects with `error` one microtask later. Returning an already-rejected promise
 * makes Node track it as a possibly unhandled rejection until the caller attaches its handler
 * (about a microsecond per call); a pending promise that rejects after the handler is attached
 * skips that bookkeeping. Same outcome for the caller.
 */
export function rejectLater<T>(error: unknown): Promise<T> {
  return settled.then(() => {
    throw error;
  });
}

export abstract class BreakwaterError extends Error {
  abstract readonly code: BreakwaterErrorCode;
  readonly isBreakwaterError = true as const;
  /** How long the caller should wait before trying again, when known. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options?: { retryAfterMs?: number | undefined; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterMs = options?.retryAfterMs;
  }

  override get name(): string {
    return this.constructor.name;
  }
}

export class CircuitOpenError extends BreakwaterError {
  readonly code = "circuit_open" as const;
  constructor(
    /** Name of the breaker that refused. */
    readonly breaker: string,
    /** State that refused: open, half_open (no trial slot free) or forced_open. */
    readonly state: "open" | "half_open" | "forced_open",
    retryAfterMs: number | undefined,
    cause?: unknown,
  ) {
    super(`circuit breaker "${breaker}" is ${state}`, { retryAfterMs, cause });
  }
}

export class BulkheadFullError extends BreakwaterError {
  readonly code = "bulkhead_full" as const;
  constructor(cause?: unknown) {
    super("bulkhead is full", { cause });
  }
}

export class BulkheadTimeoutError extends BreakwaterError {
  readonly code = "bulkhead_timeout" as const;
  constructor(readonly waitedMs: number) {
    super(`no bulkhead slot within ${waitedMs} ms`);
  }
}

export class UserBulkheadFullError extends BreakwaterError {
  readonly code = "user_bulkhead_full" as const;
  constructor(
    readonly key: string,
    /** `user_limit`: this key is at its limit; `max_keys`: every tracked key is busy. */
    readonly reason: "user_limit" | "max_keys",
    cause?: unknown,
  ) {
    super(reason === "user_limit" ? `per-user limit reached for "${key}"` : "per-user bulkhead tracks too many busy keys", {
      cause,
    });
  }
}

export class RetryBudgetExhaustedError extends BreakwaterError {
  readonly code = "retry_budget_exhausted" as const;
  constructor(
    readonly attempts: number,
    /** The last attempt's error. */
    cause: unknown,
  ) {
    super(`retry budget exhausted after ${attempts} attempt(s)`, { cause });
  }
}

export class TimeoutError extends BreakwaterError {
  readonly code = "timeout" as const;
  constructor(
    readonly timeoutMs: number,
    /** `attempt`: the per-attempt timeout fired; `deadline`: the overall deadline passed. */
    readonly scope: "attempt" | "deadline" = "attempt",
  ) {
    super(`${scope === "attempt" ? "attempt" : "deadline"} timed out after ${timeoutMs} ms`);
  }
}

/** The caller's AbortSignal fired (the original reason is the `cause`). */
export class CancelledError extends BreakwaterError {
  readonly code = "cancelled" as const;
  constructor(cause?: unknown) {
    super("operation cancelled", { cause });
  }
}

export interface BreakwaterErrorByCode {
  circuit_open: CircuitOpenError;
  bulkhead_full: BulkheadFullError;
  bulkhead_timeout: BulkheadTimeoutError;
  user_bulkhead_full: UserBulkheadFullError;
  retry_budget_exhausted: RetryBudgetExhaustedError;
  timeout: TimeoutError;
  cancelled: CancelledError;
}

/** True for every engine error; with `code`, narrows to that error class. */
export function isBreakwaterError(error: unknown): error is BreakwaterError;
export function isBreakwaterError<C extends BreakwaterErrorCode>(
  error: unknown,
  code: C,
): error is BreakwaterErrorByCode[C];
export function isBreakwaterError(error: unknown, code?: BreakwaterErrorCode): boolean {
  if (typeof error !== "object" || error === null) return false;
  const candidate = error as { isBreakwaterError?: unknown; code?: unknown };
  if (candidate.isBreakwaterError !== true) return false;
  return code === undefined || candidate.code === code;
}
