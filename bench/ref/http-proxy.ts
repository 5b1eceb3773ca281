/**
 * Reference: http-proxy 1.18 (node-http-proxy) with a keep-alive agent of the same size as
 * Breakwater's upstream pool. UPSTREAM=http://127.0.0.1:<port>. Prints `LISTENING <port>`.
 */
import http from "node:http";
import httpProxy from "http-proxy";

const upstream = process.env.UPSTREAM ?? "http://127.0.0.1:9000";
const agent = new http.Agent({ keepAlive: true, maxSockets: 128, keepAliveMsecs: 30_000 });
const proxy = httpProxy.createProxyServer({ target: upstream, agent });
proxy.on("error", (_err, _req, res) => {
  if ("writeHead" in res && !res.headersSent) res.writeHead(502);
  res.end();
});

const server = http.createServer((req, res) => proxy.web(req, res));
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`LISTENING ${(server.address() as { port: number }).port}`);
});
process.on("SIGTERM", () => process.exit(0));
