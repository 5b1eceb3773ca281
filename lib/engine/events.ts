/**
 * A minimal typed event hub. Each event has exactly one payload object. Listeners run
 * synchronously in subscription order; a listener that throws does not affect the policy or the
 * other listeners (its error is passed to `onListenerError` when given, otherwise dropped).
 */
export type Listener<P> = (payload: P) => void;
export type Unsubscribe = () => void;

export type EventMap = { [event: string]: object };

export class EventHub<M extends EventMap> {
  private readonly listeners: { [K in keyof M]?: Listener<M[K]>[] } = {};

  constructor(private readonly onListenerError?: (error: unknown) => void) {}

  on<K extends keyof M>(event: K, listener: Listener<M[K]>): Unsubscribe {
    const list = (this.listeners[event] ??= []);
    list.push(listener);
    return () => {
      const current = this.listeners[event];
      if (!current) return;
      const i = current.indexOf(listener);
      if (i >= 0) current.splice(i, 1);
    };
  }

  has<K extends keyof M>(event: K): boolean {
    const list = this.listeners[event];
    return list !== undefined && list.length > 0;
  }

  emit<K extends keyof M>(event: K, payload: M[K]): void {
    const list = this.listeners[event];
    if (!list || list.length === 0) return;
    for (const listener of list.slice()) {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError?.(error);
      }
    }
  }
}
