// Shared plumbing for /api/v1 route handlers: authentication, role checks, origin checks, body
// parsing with the shared zod schemas, and the contract's JSON error shape for every failure.
import type { z } from "zod";
import { hasRole, type Role } from "@/lib/contracts/roles";
import { zodIssuesToDetails } from "@/lib/contracts/errors";
import { getRuntime } from "../runtime-access";
import type { Runtime } from "../runtime";
import type { Principal } from "../auth/principal";
import { readBearer, readCookie } from "../auth/cookies";
import { SESSION_COOKIE } from "../auth/secrets";
import { isSafeMethod, isSameOrigin } from "../auth/origin";
import { AppError, forbidden, unauthorized, validationFailed } from "../errors";
import { CLIENT_IP_HEADER, isRequestAborted, PROTO_HEADER } from "../http/request-context";

export interface RequestContext {
  rt: Runtime;
  req: Request;
  principal: Principal;
  ip: string;
  secure: boolean;
}

type Access = { role: Role } | { public: true };

function isAppError(err: unknown): err is AppError {
  return err instanceof Error && typeof (err as AppError).status === "number" && typeof (err as AppError).code === "string";
}

export function errorResponse(err: unknown): Response {
  if (isAppError(err)) {
    const headers: Record<string, string> = { "cache-control": "no-store" };
    if (err.retryAfterMs !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(err.retryAfterMs / 1000)));
    return Response.json(
      {
        error: {
          code: err.code,
          message: err.message,
          ...(err.details ? { details: err.details } : {}),
          ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
        },
      },
      { status: err.status, headers },
    );
  }
  if (isRequestAborted(err)) {
    try {
      getRuntime().log.info("request aborted before its body arrived (the client went away, or the request timed out)");
    } catch {
      // runtime missing: nothing to log to
    }
    return Response.json({ error: { code: "request_timeout", message: "the whole request was not received" } }, { status: 408 });
  }
  try {
    getRuntime().log.error({ err }, "unhandled API error");
  } catch {
    // runtime missing: nothing to log to
  }
  return Response.json({ error: { code: "internal_error", message: "internal error" } }, { status: 500 });
}

export function requestIp(req: Request): string {
  return req.headers.get(CLIENT_IP_HEADER) ?? "unknown";
}

export function requestIsSecure(req: Request): boolean {
  return req.headers.get(PROTO_HEADER) === "https";
}

export async function authenticate(rt: Runtime, req: Request): Promise<Principal | null> {
  const bearer = readBearer(req.headers.get("authorization"));
  if (bearer) return rt.auth.fromBearer(bearer);
  return rt.auth.fromSession(readCookie(req.headers.get("cookie"), SESSION_COOKIE));
}

function checkOrigin(rt: Runtime, req: Request, principal: Principal | null): void {
  if (isSafeMethod(req.method)) return;
  if (principal?.via === "token") return; // bearer tokens are not sent by browsers on their own
  // Without a session there is nothing to ride on; still refuse a browser's cross-site POST (login CSRF).
  if (!principal && !req.headers.get("origin")) return;
  const ok = isSameOrigin(
    {
      origin: req.headers.get("origin"),
      referer: req.headers.get("referer"),
      host: req.headers.get("host"),
      forwardedHost: req.headers.get("x-forwarded-host"),
      forwardedProto: req.headers.get("x-forwarded-proto"),
    },
    { publicUrl: rt.config.publicUrl, trustProxy: rt.config.trustProxy, secure: requestIsSecure(req) },
  );
  if (!ok) throw forbidden("cross-origin request refused: mutations with a session cookie must come from this site");
}

/** Wraps a route handler: authenticates, enforces the role and same-origin rule, maps errors. */
export function route<P = Record<string, string>>(
  access: Access,
  fn: (ctx: RequestContext, params: P) => Promise<Response>,
): (req: Request, ctx: { params: Promise<P> }) => Promise<Response> {
  return async (req, nextCtx) => {
    try {
      const rt = getRuntime();
      const principal = await authenticate(rt, req);
      if ("role" in access) {
        if (!principal) throw unauthorized();
        checkOrigin(rt, req, principal);
        if (!hasRole(principal.role, access.role)) {
          throw forbidden(`this needs the ${access.role} role; you are ${principal.role}`);
        }
      } else {
        checkOrigin(rt, req, principal);
      }
      const params = await nextCtx.params;
      return await fn(
        { rt, req, principal: principal ?? { username: "anonymous", role: "viewer", via: "session" }, ip: requestIp(req), secure: requestIsSecure(req) },
        params,
      );
    } catch (err) {
      return errorResponse(err);
    }
  };
}

const payloadTooLarge = (maxBytes: number) =>
  new AppError(413, "payload_too_large", `request body exceeds the limit of ${maxBytes} bytes`);

/**
 * Reads a body as text, refusing (413) one above the API's limit as it streams. The custom server
 * already enforces the limit before Next.js; this is the second layer for any other way in.
 */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw payloadTooLarge(maxBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const decoder = new TextDecoder();
  let seen = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += value.byteLength;
    if (seen > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** Parses a JSON body with a zod schema; any problem is a 400 naming the field. */
export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  const text = await readBodyText(req, getRuntime().config.apiMaxBodyBytes);
  if (text.trim() === "") raw = {};
  else {
    try {
      raw = JSON.parse(text);
    } catch {
      throw validationFailed([{ path: "(body)", message: "is not valid JSON" }]);
    }
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw validationFailed(zodIssuesToDetails(r.error.issues));
  return r.data;
}

export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams.entries());
  const r = schema.safeParse(params);
  if (!r.success) throw validationFailed(zodIssuesToDetails(r.error.issues));
  return r.data;
}

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store", ...headers } });
}
