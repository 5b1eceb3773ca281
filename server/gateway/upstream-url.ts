// Maps /<service>/<rest>?<query> (on the gateway listener) to the service's base URL without ever escaping its base path:
// dot segments (also percent-encoded), encoded slashes and backslashes, and absolute URLs are refused.

export class UnsafePathError extends Error {
  constructor(reason: string) {
    super(`path refused: ${reason}`);
  }
}

const NO_SEGMENTS: readonly string[] = [];
const FORBIDDEN_ENCODED = /%(2f|5c|00)/i; // encoded "/", "\" and NUL would change the path after decoding

/** `rest` is the raw request path after "/<service>" (starting with "/" or empty), query included. */
export function buildUpstreamPath(basePath: string, rest: string): string {
  const q = rest.indexOf("?");
  const rawPath = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? "" : rest.slice(q);
  if (rawPath !== "" && !rawPath.startsWith("/")) throw new UnsafePathError("must start with /");
  if (rawPath.includes("\\")) throw new UnsafePathError("backslash in path");
  if (FORBIDDEN_ENCODED.test(rawPath)) throw new UnsafePathError("encoded slash, backslash or NUL in path");
  if (/^\/\/|^\/[a-z][a-z0-9+.-]*:/i.test(rawPath)) throw new UnsafePathError("absolute URL in path");
  // without "%" nothing decodes, and a dot segment needs "/.": the usual path skips the segment walk
  const mayHideDots = rawPath.includes("%") || rawPath.includes("/.");
  for (const seg of mayHideDots ? rawPath.split("/") : NO_SEGMENTS) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      throw new UnsafePathError("malformed percent-encoding");
    }
    if (decoded === "." || decoded === "..") throw new UnsafePathError("dot segment in path");
  }
  const base = basePath.endsWith("/") ? basePath.slice(0, -1) : basePath;
  return `${base}${rawPath}` ? `${base}${rawPath}${query}` : `/${query}`;
}

/** Splits "<prefix><service>/<rest>" into the service name and the rest (raw, query included). */
export function splitGatewayUrl(url: string, prefix = "/"): { service: string; rest: string } {
  const after = url.slice(prefix.length);
  let end = -1;
  for (let i = 0; i < after.length; i++) {
    const ch = after.charCodeAt(i);
    if (ch === 47 /* / */ || ch === 63 /* ? */) {
      end = i;
      break;
    }
  }
  const rawName = end < 0 ? after : after.slice(0, end);
  let service = rawName;
  if (rawName.includes("%")) {
    try {
      service = decodeURIComponent(rawName);
    } catch {
      // leave undecodable names as they are: they match no service
    }
  }
  return { service, rest: end < 0 ? "" : after.slice(end) };
}
