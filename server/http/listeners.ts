// Listening and graceful closing, for both listeners together.
import type http from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "../logger";

export function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

/**
 * Stops accepting connections on every server, lets in-flight requests finish (closing each
 * keep-alive connection as soon as it is idle) and, after `timeoutMs`, closes whatever is left.
 * Resolves once every server is closed.
 */
export async function closeGracefully(servers: http.Server[], timeoutMs: number, log: Logger, inFlight: () => number): Promise<void> {
  const closed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
  const sweep = () => {
    for (const s of servers) s.closeIdleConnections();
  };
  sweep();
  // keep-alive connections become idle as their last response ends: close them as they do
  const idleSweep = setInterval(sweep, 100);
  const hardStop = setTimeout(() => {
    log.warn({ inFlight: inFlight() }, "in-flight requests did not finish in time: closing them");
    for (const s of servers) s.closeAllConnections();
  }, timeoutMs);
  idleSweep.unref();
  hardStop.unref();
  await Promise.all(closed);
  clearInterval(idleSweep);
  clearTimeout(hardStop);
}

/** Server options for a request timeout (0 = none); they only take effect at creation. */
export function requestTimeouts(ms: number): http.ServerOptions {
  if (ms <= 0) return { requestTimeout: 0 };
  // headers must arrive within the request timeout too; checked often enough for short timeouts
  return { requestTimeout: ms, headersTimeout: Math.min(60_000, ms), connectionsCheckingInterval: Math.max(250, Math.min(30_000, Math.floor(ms / 4))) };
}

/**
 * Requests Node refuses before any handler runs: a request not received within the request
 * timeout answers 408 (logged as a timeout, at info), a malformed one 400, both in the JSON error
 * shape.
 */
export function onClientError(log: Logger) {
  return (err: NodeJS.ErrnoException, socket: Duplex): void => {
    const timeout = err.code === "ERR_HTTP_REQUEST_TIMEOUT";
    if (timeout) log.info({ code: err.code }, "request timeout: the client did not send the whole request in time");
    else log.debug({ code: err.code, message: err.message }, "malformed request refused");
    if (!socket.writable || err.code === "ECONNRESET") return void socket.destroy();
    const [status, code, message] = timeout
      ? [408, "request_timeout", "the whole request was not received in time"]
      : [400, "bad_request", "malformed HTTP request"];
    const body = JSON.stringify({ error: { code, message } });
    socket.end(
      `HTTP/1.1 ${status} ${status === 408 ? "Request Timeout" : "Bad Request"}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  };
}
