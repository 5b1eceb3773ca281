/**
 * A minimal typed event hub. Each event has exactly one payload object. Listeners run
 * synchronously in subscription order; a listener that throws does not affect the policy or the
 * other listeners (its error is passed to `onListenerError` when given, otherwise dropped).
 */
export type Listener<P> = (payload: P) => void;
export type Unsubscribe = () => void;

export type EventMap = { [event: string]: object };

export class EventHub<M extends EventMap> {
  /**
   * Copied on every subscribe and unsubscribe (rare), never changed in place: `emit` (hot) walks the
   * array it found without copying it, and a listener added or removed meanwhile does not change
   * that walk.
   */
  private readonly listeners: { [K in keyof M]?: Listener<M[K]>[] } = {};

  constructor(private readonly onListenerError?: (error: unknown) => void) {}

  on<K extends keyof M>(event: K, listener: Listener<M[K]>): Unsubscribe {
    this.listeners[event] = [...(this.listeners[event] ?? []), listener];
    return () => {
      const current = this.listeners[event];
      if (!current) return;
      const i = current.indexOf(listener);
      if (i < 0) return;
      const next = current.slice();
      next.splice(i, 1);
      this.listeners[event] = next;
    };
  }

  has<K extends keyof M>(event: K): boolean {
    const list = this.listeners[event];
    return list !== undefined && list.length > 0;
  }

  emit<K extends keyof M>(event: K, payload: M[K]): void {
    const list = this.listeners[event];
    if (!list) return;
    for (let i = 0; i < list.length; i++) {
      try {
        (list[i] as Listener<M[K]>)(payload);
      } catch (error) {
        this.onListenerError?.(error);
      }
    }
  }
}
