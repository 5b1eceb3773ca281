import type { ErrorDetail } from "@/lib/contracts/errors";

/** An error with an HTTP status and a stable code, rendered in the contract's JSON error shape. */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: ErrorDetail[],
    public readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export const unauthorized = (message = "sign in or send a valid bearer token") =>
  new AppError(401, "unauthorized", message);
export const forbidden = (message: string) => new AppError(403, "forbidden", message);
export const notFound = (what: string) => new AppError(404, "not_found", `${what} not found`);
export const conflict = (message: string) => new AppError(409, "conflict", message);
export const validationFailed = (details: ErrorDetail[]) =>
  new AppError(400, "validation_failed", `invalid request: ${details.map((d) => `${d.path} ${d.message}`).join("; ")}`, details);
