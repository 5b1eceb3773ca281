import { rejectLater } from "../errors";

/** A held slot. `release()` gives it back; calling it again does nothing. */
export interface BulkheadLease {
  readonly released: boolean;
  release(): void;
}

interface Releasable {
  release(): void;
}

export class Lease implements BulkheadLease {
  released = false;
  constructor(private readonly owner: Releasable) {}
  release(): void {
    if (this.released) return;
    this.released = true;
    this.owner.release();
  }
}

/** Runs fn and releases the lease when it settles (one promise layer, no async wrapper). */
export function runHolding<T>(lease: BulkheadLease, fn: () => Promise<T> | T): Promise<T> {
  let result: Promise<T> | T;
  try {
    result = fn();
  } catch (error) {
    lease.release();
    return rejectLater(error);
  }
  if (typeof result !== "object" || result === null || typeof (result as { then?: unknown }).then !== "function") {
    lease.release();
    return Promise.resolve(result);
  }
  return Promise.resolve(result).then(
    (value) => {
      lease.release();
      return value;
    },
    (error: unknown) => {
      lease.release();
      throw error;
    },
  );
}
