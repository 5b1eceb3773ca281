// Facts only the Node server knows (the peer address, whether TLS is used) are handed to Next.js
// route handlers as internal headers. Any client-sent copy of them is removed first.
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

export const CLIENT_IP_HEADER = "x-breakwater-client-ip";
export const PROTO_HEADER = "x-breakwater-proto";

export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = req.headers["x-forwarded-for"];
    const first = (Array.isArray(xff) ? xff[0] : xff)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}

export function requestProto(req: IncomingMessage, trustProxy: boolean): "http" | "https" {
  if ((req.socket as TLSSocket).encrypted) return "https";
  if (trustProxy) {
    const p = req.headers["x-forwarded-proto"];
    if ((Array.isArray(p) ? p[0] : p)?.split(",")[0]?.trim() === "https") return "https";
  }
  return "http";
}

export function stampRequestContext(req: IncomingMessage, trustProxy: boolean): void {
  req.headers[CLIENT_IP_HEADER] = clientIp(req, trustProxy);
  req.headers[PROTO_HEADER] = requestProto(req, trustProxy);
}

/**
 * The error a handler gets while reading a request body whose connection ended first: the client
 * went away, or Node closed it at the request timeout. Not a server fault.
 */
export function isRequestAborted(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException | undefined;
  return e instanceof Error && e.code === "ECONNRESET" && e.message === "aborted";
}
