// The one batching helper for live events: items are kept by key (the latest wins) and sent
// together at most once per interval, so a burst of changes costs one message.
import type { ServerClock } from "../clock";

export interface Coalescer<V> {
  put(key: string, value: V): void;
  /** Stops the timer; pending items are dropped. */
  stop(): void;
}

export function createCoalescer<V>(clock: ServerClock, intervalMs: number, send: (items: V[]) => void): Coalescer<V> {
  const pending = new Map<string, V>();
  const stop = clock.every(intervalMs, () => {
    if (pending.size === 0) return;
    const items = [...pending.values()];
    pending.clear();
    send(items);
  });
  return {
    put: (key, value) => void pending.set(key, value),
    stop() {
      stop();
      pending.clear();
    },
  };
}
