// Helpers for the SLO / alert browser tests: a traffic pump that keeps calling a gateway route
// (their webhook receiver is tests/helpers/webhook-receiver.ts).
export interface TrafficPump {
  readonly sent: number;
  stop(): Promise<void>;
}

/** Calls `url` `perTick` times (in parallel) every `everyMs` until stopped. */
export function startTraffic(url: string, perTick = 5, everyMs = 200): TrafficPump {
  let sent = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await Promise.all(
        Array.from({ length: perTick }, () =>
          fetch(url)
            .then((r) => r.arrayBuffer())
            .catch(() => undefined)
            .finally(() => sent++),
        ),
      );
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    get sent() {
      return sent;
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
