// Proxies one request through a service's guards: breaker → per-user bulkhead → bulkhead →
// attempt (timeout) inside retry, streaming bodies both ways. Rejections are answered here in the
// contract's JSON error shape with X-Breakwater-Reason (and Retry-After where it applies).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import { isBreakwaterError, type BreakwaterError } from "@/lib/engine/errors";
import type { AttemptOutcome, Verdict } from "@/lib/engine/retry/classify";
import type { RunOutcome } from "@/lib/engine/retry/retry";
import { sendError } from "../http/json";
import { clientIp, requestProto, trustsAny, type Trust } from "../http/request-context";
import { LimitStream, PayloadTooLargeError, readBody } from "./body";
import { clientResponseHeaders, upstreamRequestHeaders } from "./headers";
import { parseRetryAfter } from "./retry-after";
import type { ServiceGateway } from "./service-gateway";
import { userKeyOf } from "./user-key";

export interface ProxyOptions {
  maxBodyBytes: number;
  /** Bodies up to this size of retryable requests are buffered so retries can resend them. */
  replayBufferBytes: number;
  /** BREAKWATER_TRUST_PROXY: which X-Forwarded-* hops to believe. */
  trustProxy: Trust;
}

export interface ProxyObserver {
  /** Once per request, with the status sent to the client (0 when the client went away). */
  done(service: string, status: number, seconds: number, outcome: RunOutcome<unknown> | undefined): void;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
type Upstream = Dispatcher.ResponseData;

const REJECTION_STATUS: Record<string, number> = {
  circuit_open: 503,
  bulkhead_full: 503,
  bulkhead_timeout: 503,
  user_bulkhead_full: 429,
  timeout: 504,
};

export function reject(res: ServerResponse, status: number, code: string, message: string, retryAfterMs?: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendError(res, status, code, message, {
    retryAfterMs,
    headers: { "x-breakwater-reason": code },
  });
}

export async function proxyRequest(
  sg: ServiceGateway,
  path: string,
  rawQuery: string,
  req: IncomingMessage,
  res: ServerResponse,
  opts: ProxyOptions,
  observer: ProxyObserver,
): Promise<void> {
  const started = performance.now();
  const name = sg.service.name;
  const finish = (status: number, outcome?: RunOutcome<unknown>) => observer.done(name, status, (performance.now() - started) / 1000, outcome);
  const method = req.method ?? "GET";
  const lengthHeader = req.headers["content-length"];
  const contentLength = lengthHeader !== undefined ? Number(lengthHeader) : undefined;
  if (contentLength !== undefined && contentLength > opts.maxBodyBytes) {
    req.resume();
    reject(res, 413, "payload_too_large", `request body of ${contentLength} bytes exceeds the limit of ${opts.maxBodyBytes}`);
    return finish(413);
  }
  const hasBody = contentLength !== undefined ? contentLength > 0 : req.headers["transfer-encoding"] !== undefined;
  const wantsRetry = IDEMPOTENT.has(method) || req.headers["idempotency-key"] !== undefined;

  let body: Buffer | LimitStream | undefined;
  let replayable = true;
  if (hasBody) {
    if (wantsRetry && contentLength !== undefined && contentLength <= opts.replayBufferBytes) {
      try {
        body = await readBody(req, opts.maxBodyBytes);
      } catch (err) {
        if (err instanceof PayloadTooLargeError) reject(res, 413, "payload_too_large", err.message);
        else res.destroy();
        return finish(err instanceof PayloadTooLargeError ? 413 : 0);
      }
    } else {
      const limited = new LimitStream(opts.maxBodyBytes);
      req.pipe(limited);
      body = limited;
      replayable = false;
    }
  }

  const ac = new AbortController();
  /** Set once the upstream's response is being relayed to the client. */
  let relaying: Readable | undefined;
  const onClose = () => {
    if (res.writableFinished) return;
    ac.abort(new Error("client closed the connection"));
    // the client went away mid-response: abort the upstream response too
    if (relaying !== undefined && !relaying.readableEnded) relaying.destroy();
  };
  res.once("close", onClose);

  const ip = clientIp(req, opts.trustProxy);
  // built when the first attempt runs (a request refused by a guard never needs them), then reused
  let headers: Record<string, string | string[]> | undefined;
  const upstreamHeaders = () =>
    (headers ??= upstreamRequestHeaders(req.headers, {
      clientIp: ip,
      proto: requestProto(req, opts.trustProxy),
      host: req.headers.host,
      trustProxy: trustsAny(opts.trustProxy),
    }));
  const userKey = sg.userKey ? userKeyOf(sg.userKey, req.headers, rawQuery, ip) : undefined;
  const failureStatuses = sg.failureStatuses;
  const retryStatuses = sg.retryStatuses;

  const classify = (o: AttemptOutcome<Upstream>): Verdict => {
    if (o.ok) {
      const status = o.value.statusCode;
      if (!failureStatuses.has(status)) return retryStatuses.has(status) ? { outcome: "success", retryable: true } : SUCCESS;
      const retryAfterMs = parseRetryAfter(o.value.headers["retry-after"], Date.now());
      return { outcome: "failure", retryable: retryStatuses.has(status), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    }
    if (o.error instanceof PayloadTooLargeError || (body instanceof LimitStream && body.tooLarge)) return NEUTRAL;
    // retries only on retryOn statuses and connection errors (docs/GATEWAY.md), so not on timeouts
    if (isBreakwaterError(o.error)) return NOT_RETRYABLE_FAILURE;
    return RETRYABLE_FAILURE; // connection refused/reset: the upstream is unreachable
  };

  const outcome = await sg.pipeline.run<Upstream>(
    (signal) =>
      sg.pool.request({
        origin: sg.origin,
        path,
        method: method as Dispatcher.HttpMethod,
        headers: upstreamHeaders(),
        body,
        signal,
      }),
    {
      userKey,
      signal: ac.signal,
      idempotent: wantsRetry && replayable,
      classify,
      discard: discardResponse,
    },
  );

  if (outcome.kind === "value") {
    const up = outcome.value;
    if (res.destroyed) {
      void up.body.dump().catch(() => undefined);
      return finish(0, outcome);
    }
    res.writeHead(up.statusCode, clientResponseHeaders(up.headers as Record<string, string | string[] | undefined>));
    finish(up.statusCode, outcome);
    // stream.pipeline() would do, but it costs an AbortController (and an AbortError) per call:
    // relay with pipe(); an upstream error destroys the client response, a client that goes away
    // destroys the upstream body (onClose)
    relaying = up.body;
    up.body.on("error", (err) => res.destroy(err));
    up.body.pipe(res);
    return;
  }

  res.off("close", onClose);
  const error = outcome.error;
  if (body instanceof LimitStream && !body.readableEnded) {
    // nothing will read the rest of a streamed body: let it drain so the connection can be reused
    req.unpipe(body);
    body.destroy();
    req.resume();
  }
  if (ac.signal.aborted || res.destroyed) return finish(0, outcome);
  if (error instanceof PayloadTooLargeError || (body instanceof LimitStream && body.tooLarge)) {
    reject(res, 413, "payload_too_large", `request body exceeds the limit of ${opts.maxBodyBytes} bytes`);
    return finish(413, outcome);
  }
  const e = isBreakwaterError(error, "retry_budget_exhausted") ? ((error as Error).cause ?? error) : error;
  if (isBreakwaterError(e)) {
    const be = e as BreakwaterError;
    const status = REJECTION_STATUS[be.code];
    if (status !== undefined) {
      const code = be.code === "timeout" ? "upstream_timeout" : be.code;
      const msg = be.code === "timeout" ? `upstream of '${name}' did not answer within ${sg.service.timeoutMs} ms` : `${be.message} (service '${name}')`;
      reject(res, status, code, msg, be.code === "timeout" ? undefined : retryAfterOf(be));
      return finish(status, outcome);
    }
  }
  reject(res, 502, "upstream_unreachable", `upstream of '${name}' is unreachable: ${describe(e)}`);
  finish(502, outcome);
}

function discardResponse(r: Upstream): void {
  void r.body.dump().catch(() => undefined);
}

function retryAfterOf(e: BreakwaterError): number | undefined {
  if (e.retryAfterMs !== undefined) return Math.max(0, Math.round(e.retryAfterMs));
  return e.code === "circuit_open" ? undefined : 1000;
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  return e?.code ?? e?.cause?.code ?? e?.message ?? "connection failed";
}

const SUCCESS: Verdict = { outcome: "success" };
const NEUTRAL: Verdict = { outcome: "success", retryable: false };
const RETRYABLE_FAILURE: Verdict = { outcome: "failure", retryable: true };
const NOT_RETRYABLE_FAILURE: Verdict = { outcome: "failure", retryable: false };
