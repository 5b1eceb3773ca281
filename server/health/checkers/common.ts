// Small helpers shared by the protocol checkers: timing, abort handling, target parsing and turning
// network/TLS errors into one line an operator understands.
import net from "node:net";
import { performance } from "node:perf_hooks";
import type { z } from "zod";
import type { CheckResult } from "../types";

/** Milliseconds since `start` (a performance.now() reading), rounded to 0.1 ms. */
export function since(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

export function result(healthy: boolean, start: number, detail: string): CheckResult {
  return { healthy, latencyMs: since(start), detail };
}

/**
 * A check's options parsed by its schema, or the result that ends the check before it starts:
 * "invalid options: …" when the schema rejects them, timed out when the signal already aborted.
 */
export function prepareCheck<T>(
  schema: z.ZodType<T>,
  rawOptions: unknown,
  start: number,
  signal: AbortSignal,
): { options: T } | { done: CheckResult } {
  const parsed = schema.safeParse(rawOptions ?? {});
  if (!parsed.success) {
    return { done: result(false, start, `invalid options: ${parsed.error.issues[0]?.message ?? "rejected"}`) };
  }
  if (signal.aborted) return { done: timedOut(start, signal) };
  return { options: parsed.data };
}

/**
 * "timed out after N ms": N is the scheduler's timeout when the abort reason says so (an Error
 * "timed out after N ms"), otherwise the time actually waited.
 */
export function timedOut(start: number, signal?: AbortSignal): CheckResult {
  const reason: unknown = signal?.reason;
  const said =
    reason instanceof Error && /^timed out after \d+ ms$/.test(reason.message)
      ? reason.message
      : null;
  return result(
    false,
    start,
    said ?? `timed out after ${Math.round(performance.now() - start)} ms`,
  );
}

/** Quotes operator-supplied text for a detail line, shortened so the line stays short. */
export function quote(text: string, max = 60): string {
  return `'${text.length > max ? `${text.slice(0, max)}…` : text}'`;
}

/**
 * A promise that rejects when `signal` aborts (so work that might ignore the signal can be raced
 * against it); `dispose` removes the listener.
 */
export function abortRace(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error("aborted"));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  promise.catch(() => {}); // never an unhandled rejection when nobody raced it
  return { promise, dispose: () => signal.removeEventListener("abort", onAbort) };
}

export interface HostPort {
  host: string;
  port: number;
}

export const HOST_PORT_HINT =
  "must be host:port with a port from 1 to 65535 (IPv6 in brackets, e.g. [::1]:50051)";

/** Parses "host:port" / "[v6]:port"; returns null when the target does not have that form. */
export function parseHostPort(target: string): HostPort | null {
  const m =
    /^(?:\[([0-9A-Fa-f:.%\w-]+)\]|([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)):(\d{1,5})$/.exec(
      target.trim(),
    );
  if (!m) return null;
  const port = Number(m[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  if (m[1] !== undefined) {
    if (!net.isIPv6(m[1])) return null;
    return { host: m[1], port };
  }
  return { host: m[2]!, port };
}

/** Validates a URL target with one of the given schemes ("http:", …); returns an error or null. */
export function validateUrl(target: string, schemes: string[], hint: string): string | null {
  let url: URL;
  try {
    url = new URL(target.trim());
  } catch {
    return `must be a URL, e.g. ${hint}`;
  }
  if (!schemes.includes(url.protocol))
    return `must start with ${schemes.map((s) => `${s}//`).join(" or ")}, e.g. ${hint}`;
  if (!url.hostname) return `must name a host, e.g. ${hint}`;
  if (url.username || url.password)
    return "must not contain credentials (send them as a header instead)";
  return null;
}

const SELF_SIGNED = "certificate is self-signed (set insecureSkipVerify or give its CA)";
const UNTRUSTED =
  "certificate is not trusted: unknown issuer (give its CA or set insecureSkipVerify)";

const CODE_DETAILS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset by peer",
  EPIPE: "connection closed by peer",
  UND_ERR_SOCKET: "connection closed by peer",
  UND_ERR_CLOSED: "connection closed",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed (temporary DNS failure)",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  EADDRNOTAVAIL: "address not available",
  DEPTH_ZERO_SELF_SIGNED_CERT: SELF_SIGNED,
  SELF_SIGNED_CERT_IN_CHAIN:
    "certificate chain ends in a self-signed CA that is not trusted (give its CA or set insecureSkipVerify)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT: UNTRUSTED,
  CERT_HAS_EXPIRED: "certificate has expired",
  CERT_NOT_YET_VALID: "certificate is not yet valid",
  ERR_TLS_CERT_ALTNAME_INVALID:
    "certificate does not match the host name (set insecureSkipVerify to ignore)",
  ERR_SSL_WRONG_VERSION_NUMBER: "TLS handshake failed (is the port plaintext?)",
  EPROTO: "TLS handshake failed",
  HPE_INVALID_CONSTANT: "the peer does not speak HTTP",
  UND_ERR_INFO: "the peer sent an invalid HTTP response",
};

/** Same mapping applied to a message only (gRPC reports connection errors as text). */
const TEXT_DETAILS: [RegExp, string][] = [
  [/ECONNREFUSED/, CODE_DETAILS.ECONNREFUSED!],
  [/ECONNRESET/, CODE_DETAILS.ECONNRESET!],
  [/ENOTFOUND|Name resolution failed|DNS resolution failed/i, CODE_DETAILS.ENOTFOUND!],
  [/EHOSTUNREACH/, CODE_DETAILS.EHOSTUNREACH!],
  [/ENETUNREACH/, CODE_DETAILS.ENETUNREACH!],
  [/self[- ]signed certificate in certificate chain/i, CODE_DETAILS.SELF_SIGNED_CERT_IN_CHAIN!],
  [/self[- ]signed certificate/i, SELF_SIGNED],
  [/unable to verify the first certificate|unable to get (local )?issuer certificate/i, UNTRUSTED],
  [/certificate has expired/i, CODE_DETAILS.CERT_HAS_EXPIRED!],
  [
    /Hostname\/IP does not match|ERR_TLS_CERT_ALTNAME_INVALID/i,
    CODE_DETAILS.ERR_TLS_CERT_ALTNAME_INVALID!,
  ],
  [
    /wrong version number|packet length too long|http request/i,
    CODE_DETAILS.ERR_SSL_WRONG_VERSION_NUMBER!,
  ],
];

function firstLine(text: string, max = 160): string {
  const line = text.split("\n", 1)[0]!.trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** One short line for a network, TLS or protocol error (follows `cause` chains and aggregates). */
export function describeError(err: unknown): string {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  let fallback: string | undefined;
  while (queue.length > 0) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const { code, message, cause, errors } = e as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === "string" && CODE_DETAILS[code]) return CODE_DETAILS[code]!;
    if (typeof message === "string" && message) {
      const byText = describeText(message);
      if (byText) return byText;
      fallback ??= firstLine(message);
    }
    if (cause) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return fallback ?? (typeof err === "string" ? firstLine(err) : "failed");
}

export function describeText(text: string): string | null {
  for (const [re, detail] of TEXT_DETAILS) if (re.test(text)) return detail;
  return null;
}
