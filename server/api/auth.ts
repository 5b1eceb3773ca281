import { loginRequestSchema, type MeDto } from "@/lib/contracts/auth";
import { SESSION_COOKIE } from "../auth/secrets";
import { json, parseBody, route } from "./http";

function sessionCookie(value: string, expires: Date | null, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${encodeURIComponent(value)}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (expires) parts.push(`Expires=${expires.toUTCString()}`, `Max-Age=${Math.max(0, Math.floor((expires.getTime() - Date.now()) / 1000))}`);
  else parts.push("Expires=Thu, 01 Jan 1970 00:00:00 GMT", "Max-Age=0");
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export const login = route({ public: true }, async ({ rt, req, ip, secure }) => {
  const body = await parseBody(req, loginRequestSchema);
  const r = await rt.auth.login({ ...body, ip, userAgent: req.headers.get("user-agent") ?? undefined });
  return json({ user: r.user, expiresAt: r.expiresAt.toISOString() }, 200, {
    "set-cookie": sessionCookie(r.secret, r.expiresAt, secure),
  });
});

export const logout = route({ role: "viewer" }, async ({ rt, principal, ip, secure }) => {
  await rt.auth.logout(principal, ip);
  return json({ ok: true }, 200, principal.via === "session" ? { "set-cookie": sessionCookie("", null, secure) } : {});
});

export const me = route({ role: "viewer" }, async ({ principal }) => {
  const dto: MeDto = { username: principal.username, role: principal.role, via: principal.via };
  return json(dto);
});
