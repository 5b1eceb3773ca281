// A light stand-in for AbortController/AbortSignal on hot paths. Listeners are plain functions; a
// real AbortSignal is made only when something asks for one (`signal`), e.g. a bulkhead queue.
export type AbortListener = (reason: unknown) => void;

/** An object told about the abort: lets a hot path listen without a closure. */
export interface AbortHandler {
  handleAbort(reason: unknown): void;
}

type Listener = AbortListener | AbortHandler;

export class Cancellation {
  aborted = false;
  reason: unknown = undefined;
  /** The oldest listener; later ones in `more` (most cancellations have one listener: no array). */
  private first: Listener | undefined = undefined;
  private more: Listener[] | undefined = undefined;
  private controller: AbortController | undefined = undefined;

  /** A real AbortSignal that follows this cancellation (made on first use). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  /** Calls `fn` (or `fn.handleAbort`) with the reason when this aborts; listeners run in the order added. */
  onAbort(fn: Listener): void {
    if (this.first === undefined && this.more === undefined) this.first = fn;
    else (this.more ??= []).push(fn);
  }

  offAbort(fn: Listener): void {
    const l = this.more;
    const i = l ? l.lastIndexOf(fn) : -1;
    if (i >= 0) l!.splice(i, 1);
    else if (this.first === fn) this.first = undefined;
    if (l?.length === 0 && this.first === undefined) this.more = undefined;
  }

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new Error("This operation was aborted");
    this.controller?.abort(this.reason);
    const first = this.first;
    const more = this.more;
    this.first = this.more = undefined;
    if (first !== undefined) call(first, this.reason);
    if (more) for (const fn of more) call(fn, this.reason);
  }
}

function call(fn: Listener, reason: unknown): void {
  if (typeof fn === "function") fn(reason);
  else fn.handleAbort(reason);
}

/** What callers may hand the engine to cancel a call: a real AbortSignal or a Cancellation. */
export type CancelSignal = AbortSignal | Cancellation;

/** A real AbortSignal for `s` (a Cancellation makes one only now). */
export function toAbortSignal(s: CancelSignal | undefined): AbortSignal | undefined {
  return s instanceof Cancellation ? s.signal : s;
}

export function addAbortListener(s: CancelSignal, fn: AbortListener): void {
  if (s instanceof Cancellation) s.onAbort(fn);
  else s.addEventListener("abort", fn as () => void, { once: true });
}

export function removeAbortListener(s: CancelSignal, fn: AbortListener): void {
  if (s instanceof Cancellation) s.offAbort(fn);
  else s.removeEventListener("abort", fn as () => void);
}
