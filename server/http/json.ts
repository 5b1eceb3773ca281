import type { ServerResponse } from "node:http";

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: { retryAfterMs?: number; headers?: Record<string, string> } = {},
): void {
  const headers: Record<string, string> = { ...extra.headers };
  if (extra.retryAfterMs !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(extra.retryAfterMs / 1000)));
  sendJson(
    res,
    status,
    { error: { code, message, ...(extra.retryAfterMs !== undefined ? { retryAfterMs: extra.retryAfterMs } : {}) } },
    headers,
  );
}
