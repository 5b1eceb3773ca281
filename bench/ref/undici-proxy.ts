/**
 * Reference: the minimal proxy — node:http server + one undici Pool, streaming the upstream body
 * back. No guards, no metrics; only the hop-by-hop headers undici or node would trip over are
 * dropped. UPSTREAM=http://127.0.0.1:<port>. Prints `LISTENING <port>`.
 */
import http from "node:http";
import { pipeline } from "node:stream";
import { Pool } from "undici";

const upstream = process.env.UPSTREAM ?? "http://127.0.0.1:9000";
/** Same pool shape as Breakwater's per-service pool (server/gateway/service-gateway.ts). */
const pool = new Pool(upstream, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 });
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "host"]);
const noop = (): void => {};

function strip(h: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k in h) if (!HOP.has(k) && h[k] !== undefined) out[k] = h[k] as string | string[];
  return out;
}

const server = http.createServer((req, res) => {
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  pool
    .request({ path: req.url ?? "/", method: (req.method ?? "GET") as "GET", headers: strip(req.headers), body: hasBody ? req : undefined })
    .then(
      (up) => {
        res.writeHead(up.statusCode, strip(up.headers));
        pipeline(up.body, res, noop);
      },
      () => {
        res.writeHead(502);
        res.end();
      },
    );
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`LISTENING ${(server.address() as { port: number }).port}`);
});
process.on("SIGTERM", () => process.exit(0));
