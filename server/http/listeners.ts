// Listening and graceful closing, for both listeners together.
import type http from "node:http";
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
