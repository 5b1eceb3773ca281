// A light stand-in for AbortController/AbortSignal on hot paths. Listeners are plain functions; a
// real AbortSignal is made only when something asks for one (`signal`), e.g. a bulkhead queue.
export type AbortListener = (reason: unknown) => void;

export class Cancellation {
  aborted = false;
  reason: unknown = undefined;
  private listeners: AbortListener[] | undefined = undefined;
  private controller: AbortController | undefined = undefined;

  /** A real AbortSignal that follows this cancellation (made on first use). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  onAbort(fn: AbortListener): void {
    (this.listeners ??= []).push(fn);
  }

  offAbort(fn: AbortListener): void {
    const l = this.listeners;
    if (!l) return;
    const i = l.lastIndexOf(fn);
    if (i >= 0) l.splice(i, 1);
  }

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new Error("This operation was aborted");
    this.controller?.abort(this.reason);
    const l = this.listeners;
    this.listeners = undefined;
    if (l) for (const fn of l) fn(this.reason);
  }
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
