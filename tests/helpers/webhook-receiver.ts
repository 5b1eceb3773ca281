// A real local webhook receiver for notifier tests (no mocks): node:http on 127.0.0.1:0 that
// collects every JSON body with its receive time, and can answer the first N deliveries with 503
// (to exercise Breakwater's delivery retries).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedDelivery {
  /** Epoch ms the request was received. */
  at: number;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body (undefined when it was not JSON). */
  body: any;
  raw: string;
  /** The status this receiver answered with. */
  answered: number;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  /** Every request that arrived, failed ones included, oldest first. */
  all: ReceivedDelivery[];
  /** Requests answered with 2xx (what counts as delivered). */
  readonly delivered: ReceivedDelivery[];
  /** Answer the next `n` requests with `status` (default 503). */
  failNext(n: number, status?: number): void;
  /** Delivered Alertmanager payloads containing an alert whose labels include every given label. */
  matching(labels: Record<string, string>, status?: "firing" | "resolved"): ReceivedDelivery[];
  /** The JSON bodies of every request, oldest first. */
  readonly bodies: any[];
  /** Waits for a request whose JSON body matches `pred` and returns it. */
  waitForDelivery(pred: (body: any) => boolean, timeoutMs?: number): Promise<ReceivedDelivery>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(opts: { failFirst?: number; failStatus?: number } = {}): Promise<WebhookReceiver> {
  const all: ReceivedDelivery[] = [];
  let failLeft = opts.failFirst ?? 0;
  let failStatus = opts.failStatus ?? 503;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      let answered = 200;
      if (failLeft > 0) {
        failLeft--;
        answered = failStatus;
      }
      all.push({ at: Date.now(), method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, raw, answered });
      res.writeHead(answered, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: answered < 300 }));
    });
    req.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    all,
    get delivered() {
      return all.filter((d) => d.answered >= 200 && d.answered < 300);
    },
    failNext(n: number, status = 503) {
      failLeft = n;
      failStatus = status;
    },
    matching(labels, status) {
      return all.filter(
        (d) =>
          d.answered >= 200 &&
          d.answered < 300 &&
          (status === undefined || d.body?.status === status) &&
          Array.isArray(d.body?.alerts) &&
          d.body.alerts.some((a: any) => Object.entries(labels).every(([k, v]) => a?.labels?.[k] === v)),
      );
    },
    get bodies() {
      return all.filter((d) => d.body !== undefined).map((d) => d.body);
    },
    async waitForDelivery(pred, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = all.find((d) => d.body !== undefined && pred(d.body));
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`webhook receiver: no matching body within ${timeoutMs} ms; got ${JSON.stringify(all.map((d) => ({ status: d.body?.status, labels: d.body?.alerts?.[0]?.labels })))}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
