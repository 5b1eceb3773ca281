// Browser fetch wrapper for /api/v1: same-origin, JSON in and out, and the contract's error shape
// ({error:{code,message,details?,retryAfterMs?}}) turned into a typed ApiError.
import type { z } from "zod";
import type { ErrorDetail } from "@/lib/contracts/errors";

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: ErrorDetail[];
  /** From the body's retryAfterMs or the Retry-After header (whole seconds), when given. */
  readonly retryAfterMs?: number;

  constructor(init: { status: number; code: string; message: string; details?: ErrorDetail[]; retryAfterMs?: number }) {
    super(init.message);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.retryAfterMs = init.retryAfterMs;
  }

  /** Field path → first message, for showing under form fields. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) if (!(d.path in out)) out[d.path] = d.message;
    return out;
  }
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

export interface RequestOptions<T> {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  /** Validate the success body with a shared zod schema (throws ApiError "invalid_response"). */
  schema?: z.ZodType<T>;
}

function withQuery(path: string, query?: RequestOptions<unknown>["query"]): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}${path.includes("?") ? "&" : "?"}${s}` : path;
}

function parseRetryAfter(h: string | null): number | undefined {
  if (!h) return undefined;
  const secs = Number(h);
  if (Number.isFinite(secs)) return secs * 1000;
  const at = Date.parse(h);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export async function request<T>(path: string, opts: RequestOptions<T> = {}): Promise<ApiResponse<T>> {
  const method = opts.method ?? (opts.body === undefined ? "GET" : "POST");
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      credentials: "same-origin",
      headers: { accept: "application/json", ...(opts.body !== undefined ? { "content-type": "application/json" } : {}) },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: opts.signal,
      cache: "no-store",
    });
  } catch (err) {
    if ((err as Error)?.name === "AbortError") throw err;
    throw new ApiError({ status: 0, code: "network_error", message: "could not reach the server; check your connection" });
  }
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!res.ok) {
    const e = (body as { error?: { code?: unknown; message?: unknown; details?: unknown; retryAfterMs?: unknown } } | undefined)?.error;
    throw new ApiError({
      status: res.status,
      code: typeof e?.code === "string" ? e.code : `http_${res.status}`,
      message: typeof e?.message === "string" ? e.message : `request failed (${res.status} ${res.statusText})`,
      details: Array.isArray(e?.details)
        ? (e.details as unknown[]).filter((d): d is ErrorDetail => typeof (d as ErrorDetail)?.path === "string" && typeof (d as ErrorDetail)?.message === "string")
        : undefined,
      retryAfterMs: typeof e?.retryAfterMs === "number" ? e.retryAfterMs : parseRetryAfter(res.headers.get("retry-after")),
    });
  }
  if (opts.schema) {
    const parsed = opts.schema.safeParse(body);
    if (!parsed.success) throw new ApiError({ status: res.status, code: "invalid_response", message: "the server sent an unexpected response" });
    return { data: parsed.data, status: res.status, headers: res.headers };
  }
  return { data: body as T, status: res.status, headers: res.headers };
}

export const api = {
  get: async <T>(path: string, opts: Omit<RequestOptions<T>, "method" | "body"> = {}) => (await request<T>(path, { ...opts, method: "GET" })).data,
  post: async <T>(path: string, body?: unknown, opts: Omit<RequestOptions<T>, "method" | "body"> = {}) =>
    (await request<T>(path, { ...opts, method: "POST", body: body ?? {} })).data,
  patch: async <T>(path: string, body: unknown, opts: Omit<RequestOptions<T>, "method" | "body"> = {}) =>
    (await request<T>(path, { ...opts, method: "PATCH", body })).data,
  del: async <T>(path: string, opts: Omit<RequestOptions<T>, "method" | "body"> = {}) => (await request<T>(path, { ...opts, method: "DELETE" })).data,
};

/** A human message for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return "something went wrong";
}

/** "12 s", "3 min" — for Retry-After style waits. */
export function formatWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.ceil(s / 60);
  return `${m} min`;
}
