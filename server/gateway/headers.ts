// Header hygiene between client and upstream. Breakwater's own cookies never cross the gateway:
// they are removed from requests sent upstream, and an upstream cannot set them.
import type { IncomingHttpHeaders } from "node:http";
import { SESSION_COOKIE } from "../auth/secrets";

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

/**
 * Breakwater's cookie names: the session cookie and every name with the reserved "bw_" prefix
 * (also behind the __Host-/__Secure- prefixes), compared case-insensitively.
 */
export function isBreakwaterCookie(name: string): boolean {
  const n = name.trim().toLowerCase().replace(/^__(host|secure)-/, "");
  return n === SESSION_COOKIE || n.startsWith("bw_");
}

/** The Cookie header without Breakwater's cookies (undefined when nothing is left). */
export function stripBreakwaterCookies(header: string | string[]): string | undefined {
  const kept = (Array.isArray(header) ? header.join("; ") : header)
    .split(";")
    .map((p) => p.trim())
    .filter((p) => p !== "" && !isBreakwaterCookie(p.split("=", 1)[0]!));
  return kept.length > 0 ? kept.join("; ") : undefined;
}

function setCookieName(line: string): string {
  return line.split(";", 1)[0]!.split("=", 1)[0]!;
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
    if (n === "cookie") {
      const kept = stripBreakwaterCookies(value);
      if (kept !== undefined) out[n] = kept;
      continue;
    }
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
    if (n === "set-cookie") {
      const kept = (Array.isArray(value) ? value : [value]).filter((line) => !isBreakwaterCookie(setCookieName(line)));
      if (kept.length > 0) out[n] = kept;
      continue;
    }
    out[n] = value;
  }
  return out;
}
