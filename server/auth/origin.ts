// Same-origin check for cookie-authenticated mutations (CSRF defence alongside SameSite=Lax).
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * True when the request's Origin (or, lacking it, Referer) has the same origin as the host it was
 * sent to (or the configured public URL). A mutation with neither header is refused.
 */
export function isSameOrigin(
  headers: { origin?: string | null; referer?: string | null; host?: string | null; forwardedHost?: string | null; forwardedProto?: string | null },
  opts: { publicUrl?: string; trustProxy: boolean; secure: boolean },
): boolean {
  const source = headers.origin && headers.origin !== "null" ? headers.origin : headers.referer;
  if (!source) return false;
  let sourceOrigin: string;
  try {
    sourceOrigin = new URL(source).origin;
  } catch {
    return false;
  }
  const allowed = new Set<string>();
  if (opts.publicUrl) allowed.add(new URL(opts.publicUrl).origin);
  const host = (opts.trustProxy && headers.forwardedHost) || headers.host;
  if (host) {
    const proto = (opts.trustProxy && headers.forwardedProto) || (opts.secure ? "https" : "http");
    allowed.add(`${proto}://${host}`);
  }
  return allowed.has(sourceOrigin);
}
