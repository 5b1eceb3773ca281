// Header hygiene between client and upstream. Breakwater's own cookies never cross the gateway:
// they are removed from requests sent upstream, and an upstream cannot set them.
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

/** What the gateway reads from a request's raw header list, in one pass (req.headers is never built). */
export interface RequestHead {
  contentLength: string | undefined;
  chunked: boolean;
  idempotencyKey: boolean;
  host: string | undefined;
  connection: string | undefined;
  /** Every X-Forwarded-For value, joined with ", " (undefined when none). */
  forwardedFor: string | undefined;
  /** The first X-Forwarded-Proto value. */
  forwardedProto: string | undefined;
}

export function scanRequestHead(raw: readonly string[]): RequestHead {
  const h: RequestHead = { contentLength: undefined, chunked: false, idempotencyKey: false, host: undefined, connection: undefined, forwardedFor: undefined, forwardedProto: undefined };
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    // every name we look for is 4–17 characters: most headers are skipped without lowercasing
    switch (name.length) {
      case 4:
        if (name.toLowerCase() === "host") h.host ??= raw[i + 1];
        break;
      case 10:
        if (name.toLowerCase() === "connection") h.connection = h.connection === undefined ? raw[i + 1] : `${h.connection}, ${raw[i + 1]}`;
        break;
      case 14:
        if (name.toLowerCase() === "content-length") h.contentLength ??= raw[i + 1];
        break;
      case 15: {
        const n = name.toLowerCase();
        if (n === "idempotency-key") h.idempotencyKey = true;
        else if (n === "x-forwarded-for") h.forwardedFor = h.forwardedFor === undefined ? raw[i + 1] : `${h.forwardedFor}, ${raw[i + 1]}`;
        break;
      }
      case 17: {
        const n = name.toLowerCase();
        if (n === "transfer-encoding") h.chunked = true;
        else if (n === "x-forwarded-proto") h.forwardedProto ??= raw[i + 1];
        break;
      }
    }
  }
  return h;
}

/**
 * The headers sent upstream, as a flat [name, value, …] list built from the request's raw list:
 * hop-by-hop, internal and X-Forwarded-* headers dropped, Breakwater's cookies removed (every
 * Cookie header merged into one), X-Forwarded-For/-Proto/-Host set.
 */
export function upstreamRequestHeaders(raw: readonly string[], head: Pick<RequestHead, "connection" | "forwardedFor">, fwd: ForwardInfo): string[] {
  const drop = connectionTokens(head.connection);
  const out: string[] = [];
  let cookie: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const n = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(n) || INTERNAL.has(n) || n === "host" || drop.has(n) || n.startsWith("x-forwarded-")) continue;
    if (n === "cookie") {
      cookie = cookie === undefined ? raw[i + 1]! : `${cookie}; ${raw[i + 1]!}`;
      continue;
    }
    out.push(n, raw[i + 1]!);
  }
  if (cookie !== undefined) {
    const kept = stripBreakwaterCookies(cookie);
    if (kept !== undefined) out.push("cookie", kept);
  }
  const priorFor = fwd.trustProxy ? head.forwardedFor?.trim() : undefined;
  out.push("x-forwarded-for", priorFor ? `${priorFor}, ${fwd.clientIp}` : fwd.clientIp, "x-forwarded-proto", fwd.proto);
  if (fwd.host) out.push("x-forwarded-host", fwd.host);
  return out;
}

/** The upstream's response headers for the client, as a flat [name, value, …] list for writeHead. */
export function clientResponseHeaders(upstream: Record<string, string | string[] | undefined>): string[] {
  const drop = connectionTokens(upstream.connection);
  const out: string[] = [];
  for (const n in upstream) {
    const value = upstream[n];
    if (value === undefined || HOP_BY_HOP.has(n) || drop.has(n)) continue;
    if (typeof value === "string") {
      if (n !== "set-cookie" || !isBreakwaterCookie(setCookieName(value))) out.push(n, value);
      continue;
    }
    for (const v of value) if (n !== "set-cookie" || !isBreakwaterCookie(setCookieName(v))) out.push(n, v);
  }
  return out;
}
