/**
 * Reference: the floor of a Node proxy built the way Breakwater's gateway is — node:http server +
 * one undici Pool driven through its dispatch API, the response written straight into the client's
 * ServerResponse (no Readable per response, no promise per request). No guards, no metrics, no
 * retries: what is left is Node's HTTP server and undici's client, the stack the gateway runs on.
 * UPSTREAM=http://127.0.0.1:<port>. Prints `LISTENING <port>`.
 */
import http, { type IncomingHttpHeaders } from "node:http";
import { Pool, type Dispatcher } from "undici";

const upstream = process.env.UPSTREAM ?? "http://127.0.0.1:9000";
/** Same pool shape as Breakwater's per-service pool and the other references. */
const pool = new Pool(upstream, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 });
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "host"]);

function strip(h: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const k in h) if (!HOP.has(k) && h[k] !== undefined) out[k] = h[k];
  return out;
}

/** Writes the upstream's answer into `res` as it arrives, with backpressure. */
class Relay implements Dispatcher.DispatchHandler {
  constructor(private readonly res: http.ServerResponse) {}
  // undici tells new-style handlers (onResponse*) from legacy ones (onConnect, onData…) by this method
  onRequestStart(): void {}
  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.res.writeHead(statusCode, strip(headers));
  }
  onResponseData(c: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.res.write(chunk)) {
      c.pause();
      this.res.once("drain", () => c.resume());
    }
  }
  onResponseEnd(): void {
    this.res.end();
  }
  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    if (this.res.headersSent) return void this.res.destroy(err);
    this.res.writeHead(502);
    this.res.end();
  }
}

const server = http.createServer((req, res) => {
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  pool.dispatch({ path: req.url ?? "/", method: (req.method ?? "GET") as "GET", headers: strip(req.headers), body: hasBody ? req : null }, new Relay(res));
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`LISTENING ${(server.address() as { port: number }).port}`);
});
process.on("SIGTERM", () => process.exit(0));
