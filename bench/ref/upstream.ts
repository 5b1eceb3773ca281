/**
 * Bench upstream: a plain node:http server answering every request with a fixed body
 * (UPSTREAM_BODY_BYTES, default 1024) after UPSTREAM_DELAY_MS (default 0). Prints `LISTENING <port>`.
 */
import http from "node:http";

const size = Number(process.env.UPSTREAM_BODY_BYTES ?? 1024);
const delayMs = Number(process.env.UPSTREAM_DELAY_MS ?? 0);
const body = Buffer.alloc(size, "x");
const headers = { "content-type": "text/plain", "content-length": String(size) };

function answer(res: http.ServerResponse): void {
  res.writeHead(200, headers);
  res.end(body);
}

const server = http.createServer((req, res) => {
  req.resume();
  if (delayMs > 0) setTimeout(answer, delayMs, res);
  else answer(res);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`LISTENING ${(server.address() as { port: number }).port}`);
});
process.on("SIGTERM", () => process.exit(0));
