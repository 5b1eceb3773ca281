// Runs async jobs one at a time, in the order they were queued; a failed job does not stop the next.
export interface SerialQueue {
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Resolves once every job queued so far has ended. */
  idle(): Promise<void>;
}

export function createSerialQueue(): SerialQueue {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const next = chain.then(fn, fn);
      chain = next.catch(() => undefined);
      return next;
    },
    idle: () => chain.then(() => undefined),
  };
}
