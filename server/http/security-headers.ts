// Headers on every control-plane (dashboard, API) response: a Content-Security-Policy whose
// scripts come only from this origin or carry this request's nonce, no framing, no MIME sniffing,
// no cross-origin referrers. Next.js reads the nonce for its inline scripts from the *request's*
// Content-Security-Policy header, so the same policy is put on the request before Next sees it.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ""}`,
    // React style attributes and Next's style tags
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // Socket.IO (and the dev server's HMR socket) on this origin
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
};

/** Sets the security headers on the response and hands the policy (with its nonce) to Next. */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, dev: boolean): void {
  const csp = contentSecurityPolicy(randomBytes(16).toString("base64"), dev);
  req.headers["content-security-policy"] = csp;
  res.setHeader("content-security-policy", csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) res.setHeader(name, value);
}
