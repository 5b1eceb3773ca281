// Header hygiene between client and upstream.
import type { IncomingHttpHeaders } from "node:http";

/** RFC 9110 §7.6.1 hop-by-hop headers, plus proxy-specific ones that never cross a proxy. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Internal headers the Node server sets for Next.js: never forwarded, never trusted from clients. */
const INTERNAL = new Set(["x-breakwater-client-ip", "x-breakwater-proto"]);

const NO_TOKENS: ReadonlySet<string> = new Set();
const KEEP_ALIVE: ReadonlySet<string> = new Set(["keep-alive"]);
const CLOSE: ReadonlySet<string> = new Set(["close"]);

function connectionTokens(value: string | string[] | undefined): ReadonlySet<string> {
  // the usual values, without allocating (both name only themselves, which are hop-by-hop anyway)
  if (value === undefined) return NO_TOKENS;
  if (value === "keep-alive") return KEEP_ALIVE;
  if (value === "close") return CLOSE;
  const v = Array.isArray(value) ? value.join(",") : value;
  return new Set(v.split(",").map((t) => t.trim().toLowerCase()).filter(Boolean));
}

export interface ForwardInfo {
  clientIp: string;
  proto: "http" | "https";
  host: string | undefined;
  /** Trust (and extend) X-Forwarded-* already on the request. */
  trustProxy: boolean;
}

export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, fwd: ForwardInfo): Record<string, string | string[]> {
  const drop = connectionTokens(incoming.connection);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    const n = name.toLowerCase();
    if (HOP_BY_HOP.has(n) || drop.has(n) || INTERNAL.has(n) || n === "host") continue;
    if (n.startsWith("x-forwarded-")) continue;
    out[n] = value;
  }
  const prior = fwd.trustProxy ? incoming["x-forwarded-for"] : undefined;
  const priorFor = (Array.isArray(prior) ? prior.join(", ") : prior)?.trim();
  out["x-forwarded-for"] = priorFor ? `${priorFor}, ${fwd.clientIp}` : fwd.clientIp;
  out["x-forwarded-proto"] = fwd.proto;
  if (fwd.host) out["x-forwarded-host"] = fwd.host;
  return out;
}

export function clientResponseHeaders(upstream: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const drop = connectionTokens(upstream.connection);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined) continue;
    const n = name.toLowerCase();
    if (HOP_BY_HOP.has(n) || drop.has(n)) continue;
    out[n] = value;
  }
  return out;
}
