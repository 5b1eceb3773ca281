/** Only same-site relative paths ("/audit?actor=x") are allowed as post-login destinations. */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next || typeof next !== "string") return null;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\\]/.test(next)) return null;
  try {
    const base = "http://breakwater.invalid";
    const u = new URL(next, base);
    if (u.origin !== base) return null;
    if (u.pathname === "/login" || u.pathname.startsWith("/api/")) return null;
    return u.pathname + u.search + u.hash;
  } catch {
    return null;
  }
}
