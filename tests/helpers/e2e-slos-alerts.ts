// Helpers for the SLO / alert browser tests: a real webhook receiver (node:http collecting JSON
// bodies) and a traffic pump that keeps calling a gateway route.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface WebhookReceiver {
  url: string;
  /** Every JSON body received, oldest first. */
  bodies: any[];
  headers: http.IncomingHttpHeaders[];
  waitFor(pred: (body: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const bodies: any[] = [];
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        bodies.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        headers.push(req.headers);
      } catch {
        bodies.push({ invalid: Buffer.concat(chunks).toString("utf8") });
        headers.push(req.headers);
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    headers,
    async waitFor(pred, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = bodies.find(pred);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`webhook receiver: no matching body within ${timeoutMs} ms; got ${JSON.stringify(bodies.map((b) => ({ status: b.status, labels: b.alerts?.[0]?.labels })))}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

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
