// Facts only the Node server knows (the peer address, whether TLS is used) are handed to Next.js
// route handlers as internal headers. Any client-sent copy of them is removed first.
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { selectClientIp, type ProxyTrust } from "./trusted-proxies";

export const CLIENT_IP_HEADER = "x-breakwater-client-ip";
export const PROTO_HEADER = "x-breakwater-proto";

/** `true` trusts one proxy hop (see trusted-proxies.ts for the full BREAKWATER_TRUST_PROXY forms). */
export type Trust = boolean | ProxyTrust;

export const asProxyTrust = (t: Trust): ProxyTrust => (typeof t === "boolean" ? (t ? { kind: "hops", hops: 1 } : { kind: "none" }) : t);
export const trustsAny = (t: Trust): boolean => asProxyTrust(t).kind !== "none";

/** The client's address: the rightmost X-Forwarded-For hop not added by a trusted proxy. */
export function clientIp(req: IncomingMessage, trust: Trust): string {
  return selectClientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], asProxyTrust(trust));
}

export function requestProto(req: IncomingMessage, trust: Trust): "http" | "https" {
  if ((req.socket as TLSSocket).encrypted) return "https";
  if (trustsAny(trust)) {
    const p = req.headers["x-forwarded-proto"];
    if ((Array.isArray(p) ? p[0] : p)?.split(",")[0]?.trim() === "https") return "https";
  }
  return "http";
}

export function stampRequestContext(req: IncomingMessage, trust: Trust): void {
  req.headers[CLIENT_IP_HEADER] = clientIp(req, trust);
  req.headers[PROTO_HEADER] = requestProto(req, trust);
}

/**
 * The error a handler gets while reading a request body whose connection ended first: the client
 * went away, or Node closed it at the request timeout. Not a server fault.
 */
export function isRequestAborted(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException | undefined;
  return e instanceof Error && e.code === "ECONNRESET" && e.message === "aborted";
}
