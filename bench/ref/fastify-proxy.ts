/**
 * Reference: fastify 5 + @fastify/http-proxy (undici under @fastify/reply-from) with an upstream
 * pool of the same shape as Breakwater's (128 connections, pipelining 1). Logging off.
 * UPSTREAM=http://127.0.0.1:<port>. Prints `LISTENING <port>`.
 */
import Fastify from "fastify";
import proxy from "@fastify/http-proxy";

const upstream = process.env.UPSTREAM ?? "http://127.0.0.1:9000";
const app = Fastify({ logger: false, keepAliveTimeout: 65_000 });

async function main(): Promise<void> {
  await app.register(proxy, { upstream, undici: { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 } });
  await app.listen({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
  console.log(`LISTENING ${(app.server.address() as { port: number }).port}`);
}
void main();
process.on("SIGTERM", () => process.exit(0));
