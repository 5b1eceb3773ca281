import { loginRequestSchema, type MeDto } from "@/lib/contracts/auth";
import { zodIssuesToDetails } from "@/lib/contracts/errors";
import { safeNextPath } from "@/lib/client/safe-next";
import { SESSION_COOKIE } from "../auth/secrets";
import { type AppError, validationFailed } from "../errors";
import { json, parseBody, route, type RequestContext } from "./http";

/** `now`: the runtime clock's time (Max-Age counts from it). */
function sessionCookie(value: string, expires: Date | null, secure: boolean, now: number): string {
  const parts = [`${SESSION_COOKIE}=${encodeURIComponent(value)}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (expires) parts.push(`Expires=${expires.toUTCString()}`, `Max-Age=${Math.max(0, Math.floor((expires.getTime() - now) / 1000))}`);
  else parts.push("Expires=Thu, 01 Jan 1970 00:00:00 GMT", "Max-Age=0");
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

function isFormPost(req: Request): boolean {
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  return type === "application/x-www-form-urlencoded" || type === "multipart/form-data";
}

/** Why a no-script sign-in failed, as the short code the login page turns into a message. */
function formErrorCode(err: unknown): string {
  // duck-typed: the runtime's errors come from the server's module instance, not this bundle's
  const e = err as Partial<AppError> | null;
  if (typeof e?.status !== "number" || typeof e.code !== "string") return "refused";
  if (e.status === 429) return "throttled";
  if (e.code === "validation_failed") return "validation";
  if (e.status === 401) return /disabled/.test(e.message ?? "") ? "disabled" : "invalid";
  return "refused";
}

function seeOther(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store", ...headers } });
}

/**
 * A sign-in form submitted before the page's script ran (or without script) is an ordinary form
 * POST: answer with a redirect to the page it came for, or back to /login with an error code.
 * The credentials travel only in the body, never in a URL.
 */
async function formLogin({ rt, req, ip, secure }: RequestContext): Promise<Response> {
  const form = new URLSearchParams(await req.text());
  const next = safeNextPath(form.get("next")) ?? "/";
  try {
    const parsed = loginRequestSchema.safeParse({ username: form.get("username") ?? "", password: form.get("password") ?? "" });
    if (!parsed.success) throw validationFailed(zodIssuesToDetails(parsed.error.issues));
    const r = await rt.auth.login({ ...parsed.data, ip, userAgent: req.headers.get("user-agent") ?? undefined });
    return seeOther(next, { "set-cookie": sessionCookie(r.secret, r.expiresAt, secure, rt.clock.now()) });
  } catch (err) {
    const back = new URLSearchParams({ error: formErrorCode(err) });
    if (next !== "/") back.set("next", next);
    return seeOther(`/login?${back.toString()}`);
  }
}

export const login = route({ public: true }, async (ctx) => {
  const { rt, req, ip, secure } = ctx;
  if (isFormPost(req)) return formLogin(ctx);
  const body = await parseBody(req, loginRequestSchema);
  const r = await rt.auth.login({ ...body, ip, userAgent: req.headers.get("user-agent") ?? undefined });
  return json({ user: r.user, expiresAt: r.expiresAt.toISOString() }, 200, {
    "set-cookie": sessionCookie(r.secret, r.expiresAt, secure, rt.clock.now()),
  });
});

export const logout = route({ role: "viewer" }, async ({ rt, principal, ip, secure }) => {
  await rt.auth.logout(principal, ip);
  return json({ ok: true }, 200, principal.via === "session" ? { "set-cookie": sessionCookie("", null, secure, rt.clock.now()) } : {});
});

export const me = route({ role: "viewer" }, async ({ principal }) => {
  const dto: MeDto = { username: principal.username, role: principal.role, via: principal.via };
  return json(dto);
});
