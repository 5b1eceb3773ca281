// Proxies one request through a service's guards: breaker → per-user bulkhead → bulkhead →
// attempt (timeout) inside retry, streaming bodies both ways. Rejections are answered here in the
// contract's JSON error shape with X-Breakwater-Reason (and Retry-After where it applies).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { Dispatcher } from "undici";
import { Cancellation } from "@/lib/engine/cancellation";
import { isBreakwaterError, type BreakwaterError } from "@/lib/engine/errors";
import type { RunOutcome } from "@/lib/engine/retry/retry";
import { sendError } from "../http/json";
import { asProxyTrust, type Trust } from "../http/request-context";
import { selectClientIp, type ProxyTrust } from "../http/trusted-proxies";
import { LimitStream, PayloadTooLargeError, readBody } from "./body";
import { streamedBodyClassifier } from "./classify";
import { clientResponseHeaders, scanRequestHead, upstreamRequestHeaders, type RequestHead } from "./headers";
import type { ServiceGateway } from "./service-gateway";
import { UpstreamCall } from "./upstream-call";
import { sampleAttempt } from "./adaptive-sample";
import { userKeyOf } from "./user-key";
import type { Clock } from "@/lib/engine/clock";
import { clientFailed, decideFaults, faultyAttempt, relayPaced, type ChaosLookup } from "./chaos-hook";

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

/** ProxyOptions resolved once per gateway (not per request). */
export interface ProxyContext {
  maxBodyBytes: number;
  replayBufferBytes: number;
  trust: ProxyTrust;
  trustsAny: boolean;
  clock: Clock;
  /** Chaos experiments' fault injectors: set only while an experiment injects on this instance. */
  chaos: ChaosLookup | undefined;
}

export function proxyContext(o: ProxyOptions, clock: Clock): ProxyContext {
  const trust = asProxyTrust(o.trustProxy);
  return { maxBodyBytes: o.maxBodyBytes, replayBufferBytes: o.replayBufferBytes, trust, trustsAny: trust.kind !== "none", clock, chaos: undefined };
}

const CLIENT_GONE = "client closed the connection";
const NO_BODY: { body: undefined } = { body: undefined };

export async function proxyRequest(
  sg: ServiceGateway,
  path: string,
  rawQuery: string,
  req: IncomingMessage,
  res: ServerResponse,
  opts: ProxyContext,
  observer: ProxyObserver,
): Promise<void> {
  const started = performance.now();
  const name = sg.service.name;
  const injector = opts.chaos?.(name); // chaos: undefined unless an experiment runs on this service
  const finish = (status: number, outcome?: RunOutcome<unknown>) => {
    if (injector && status > 0) injector.outcome(clientFailed(status));
    observer.done(name, status, (performance.now() - started) / 1000, outcome);
  };
  const method = req.method ?? "GET";
  const raw = req.rawHeaders;
  const head = scanRequestHead(raw);
  const contentLength = head.contentLength !== undefined ? Number(head.contentLength) : undefined;
  if (contentLength !== undefined && contentLength > opts.maxBodyBytes) {
    req.resume();
    reject(res, 413, "payload_too_large", `request body of ${contentLength} bytes exceeds the limit of ${opts.maxBodyBytes}`);
    return finish(413);
  }
  const hasBody = contentLength !== undefined ? contentLength > 0 : head.chunked;
  const wantsRetry = IDEMPOTENT.has(method) || head.idempotencyKey;

  // no body (the usual GET): no promise to wait for
  const read = hasBody ? await requestBody(req, res, wantsRetry && contentLength !== undefined && contentLength <= opts.replayBufferBytes, opts.maxBodyBytes) : NO_BODY;
  if (typeof read === "number") return finish(read);
  const body = read.body;
  const replayable = !(body instanceof LimitStream);

  // the client going away cancels the guards and the attempt; once relaying, the upstream response
  const cancel = new Cancellation();
  let relaying: UpstreamCall | undefined;
  const onClose = () => {
    if (res.writableFinished) return;
    cancel.abort(new Error(CLIENT_GONE));
    relaying?.abort(new Error(CLIENT_GONE));
  };
  res.on("close", onClose); // a response closes once (no once-wrapper)

  const ip = selectClientIp(req.socket.remoteAddress, head.forwardedFor, opts.trust);
  // built when the first attempt runs (a request refused by a guard never needs them), then reused
  let headers: string[] | undefined;
  const attempt = (c: Cancellation): Promise<UpstreamCall> => {
    headers ??= upstreamRequestHeaders(raw, head, { clientIp: ip, proto: protoOf(req, head, opts.trustsAny), host: head.host, trustProxy: opts.trustsAny });
    const call = new UpstreamCall(c);
    sg.pool.dispatch({ origin: sg.origin, path, method: method as Dispatcher.HttpMethod, headers, body }, call);
    if (sg.adaptive) sampleAttempt(sg.adaptive, sg.bulkhead, call, c);
    return call.done;
  };
  const userKey = sg.userKey ? userKeyOf(sg.userKey, req.headers, rawQuery, ip) : undefined;
  const fault = injector && decideFaults(injector, sg.userKey, userKey, req, rawQuery, ip);
  const outcome = await sg.pipeline.runWith<UpstreamCall>(injector && fault ? faultyAttempt(injector, fault, opts.clock, attempt) : attempt, {
    userKey,
    signal: cancel,
    idempotent: wantsRetry && replayable,
    classify: body instanceof LimitStream ? streamedBodyClassifier(sg.classify, body) : sg.classify,
    discard: discardCall,
  });

  if (outcome.kind === "value") {
    const call = outcome.value;
    if (res.destroyed) {
      call.discard();
      return finish(0, outcome);
    }
    res.writeHead(call.statusCode, clientResponseHeaders(call.headers as Record<string, string | string[] | undefined>));
    finish(call.statusCode, outcome);
    relaying = call;
    return fault?.bytesPerSecond ? relayPaced(call, res, fault.bytesPerSecond, opts.clock) : call.relay(res);
  }

  res.off("close", onClose);
  finish(answerFailure(sg, req, res, body, cancel.aborted, outcome.error, opts.maxBodyBytes), outcome);
}

/** Reads a replayable body into memory, or streams it through a LimitStream. A number: answered with that status (0: client gone). */
async function requestBody(
  req: IncomingMessage,
  res: ServerResponse,
  buffer: boolean,
  maxBodyBytes: number,
): Promise<{ body: Buffer | LimitStream | undefined } | number> {
  if (!buffer) {
    const limited = new LimitStream(maxBodyBytes);
    req.pipe(limited);
    return { body: limited };
  }
  try {
    return { body: await readBody(req, maxBodyBytes) };
  } catch (err) {
    if (!(err instanceof PayloadTooLargeError)) {
      res.destroy();
      return 0;
    }
    reject(res, 413, "payload_too_large", err.message);
    return 413;
  }
}

/** Answers a request that got no upstream response; returns the status sent (0: client gone). */
function answerFailure(sg: ServiceGateway, req: IncomingMessage, res: ServerResponse, body: Buffer | LimitStream | undefined, cancelled: boolean, error: unknown, maxBodyBytes: number): number {
  const name = sg.service.name;
  if (body instanceof LimitStream && !body.readableEnded) {
    // nothing will read the rest of a streamed body: let it drain so the connection can be reused
    req.unpipe(body);
    body.destroy();
    req.resume();
  }
  if (cancelled || res.destroyed) return 0;
  if (error instanceof PayloadTooLargeError || (body instanceof LimitStream && body.tooLarge)) {
    reject(res, 413, "payload_too_large", `request body exceeds the limit of ${maxBodyBytes} bytes`);
    return 413;
  }
  const e = isBreakwaterError(error, "retry_budget_exhausted") ? ((error as Error).cause ?? error) : error;
  if (isBreakwaterError(e)) {
    const be = e as BreakwaterError;
    const status = REJECTION_STATUS[be.code];
    if (status !== undefined) {
      const code = be.code === "timeout" ? "upstream_timeout" : be.code;
      const msg = be.code === "timeout" ? `upstream of '${name}' did not answer within ${sg.service.timeoutMs} ms` : `${be.message} (service '${name}')`;
      reject(res, status, code, msg, be.code === "timeout" ? undefined : retryAfterOf(be));
      return status;
    }
  }
  reject(res, 502, "upstream_unreachable", `upstream of '${name}' is unreachable: ${describe(e)}`);
  return 502;
}

function discardCall(call: UpstreamCall): void {
  call.discard();
}

function protoOf(req: IncomingMessage, head: RequestHead, trustsAny: boolean): "http" | "https" {
  if ((req.socket as TLSSocket).encrypted) return "https";
  return trustsAny && head.forwardedProto?.split(",")[0]?.trim() === "https" ? "https" : "http";
}

function retryAfterOf(e: BreakwaterError): number | undefined {
  if (e.retryAfterMs !== undefined) return Math.max(0, Math.round(e.retryAfterMs));
  return e.code === "circuit_open" ? undefined : 1000;
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  return e?.code ?? e?.cause?.code ?? e?.message ?? "connection failed";
}

