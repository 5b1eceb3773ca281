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
import { BodyStallWatch } from "./body-stall";
import { sampleAttempt } from "./adaptive-sample";
import { userKeyOf } from "./user-key";
import type { Clock } from "@/lib/engine/clock";
import { clientFailed, decideFaults, faultyAttempt, relayPaced, type ChaosLookup, type InScopeDecision } from "./chaos-hook";
import type { ChaosInjector } from "../chaos/injector";
import type { PipelineExecuteOptions } from "@/lib/engine/policy";
import type { Classifier } from "@/lib/engine/retry/classify";

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
  /** Aborts upstream responses whose body stops arriving. */
  bodyStalls: BodyStallWatch;
}

export function proxyContext(o: ProxyOptions, clock: Clock): ProxyContext {
  const trust = asProxyTrust(o.trustProxy);
  return { maxBodyBytes: o.maxBodyBytes, replayBufferBytes: o.replayBufferBytes, trust, trustsAny: trust.kind !== "none", clock, chaos: undefined, bodyStalls: new BodyStallWatch(clock) };
}

const CLIENT_GONE = "client closed the connection";
const NO_BODY: { body: undefined } = { body: undefined };

/** A response's exchange, for the shared close listener (no closure per request). */
const EXCHANGE = Symbol("breakwater.exchange");
type ExchangeResponse = ServerResponse & { [EXCHANGE]?: Exchange };

/**
 * One gateway request while its guards and attempts run: the pipeline's options for the call and
 * the state its attempts need, in one object (the request path makes no closures).
 */
class Exchange implements PipelineExecuteOptions<UpstreamCall> {
  readonly signal = new Cancellation();
  /** Built when the first attempt runs (a request refused by a guard never needs them), then reused. */
  headers: string[] | undefined = undefined;
  /** Once relaying, the upstream response the client's going away aborts. */
  relaying: UpstreamCall | undefined = undefined;
  /** A running chaos experiment's faults for this request, and the attempt with them in front. */
  fault: InScopeDecision | undefined = undefined;
  faulty: ((c: Cancellation) => Promise<UpstreamCall>) | undefined = undefined;
  userKey: string | undefined = undefined;
  idempotent = false;
  classify: Classifier<UpstreamCall> | undefined = undefined;
  readonly discard = discardCall;

  constructor(
    readonly sg: ServiceGateway,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly opts: ProxyContext,
    readonly observer: ProxyObserver,
    readonly started: number,
    readonly injector: ChaosInjector | undefined,
    readonly path: string,
    readonly head: RequestHead,
    readonly ip: string,
    readonly body: Buffer | LimitStream | undefined,
  ) {}

  finish(status: number, outcome?: RunOutcome<unknown>): void {
    finishRequest(this.sg, this.observer, this.injector, this.started, status, outcome);
  }
}

/** The client went away: cancels the guards and the attempt, or, once relaying, the upstream response. */
function onClientClose(this: ExchangeResponse): void {
  const ex = this[EXCHANGE];
  if (!ex || this.writableFinished) return;
  ex.signal.abort(new Error(CLIENT_GONE));
  ex.relaying?.abort(new Error(CLIENT_GONE));
}

/** One attempt: the request sent upstream through the service's pool. */
function attemptUpstream(c: Cancellation, _n: number, ex: Exchange): UpstreamCall {
  const { sg, req, head, opts } = ex;
  ex.headers ??= upstreamRequestHeaders(req.rawHeaders, head, { clientIp: ex.ip, proto: protoOf(req, head, opts.trustsAny), host: head.host, trustProxy: opts.trustsAny });
  const call = new UpstreamCall(c, opts.bodyStalls);
  sg.pool.dispatch({ origin: sg.origin, path: ex.path, method: req.method as Dispatcher.HttpMethod, headers: ex.headers, body: ex.body }, call);
  if (sg.adaptive) sampleAttempt(sg.adaptive, sg.bulkhead, call, c);
  return call; // settles the engine's timed run itself, at the response headers
}

/** An attempt with a chaos experiment's faults (delay, error answer, reset) in front of it. */
function attemptWithFaults(c: Cancellation, _n: number, ex: Exchange): Promise<UpstreamCall> {
  ex.faulty ??= faultyAttempt(ex.injector!, ex.fault!, ex.opts.clock, (cc) => attemptUpstream(cc, 0, ex).done);
  return ex.faulty(c);
}

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
  const injector = opts.chaos?.(sg.service.name); // chaos: undefined unless an experiment runs on this service
  const method = req.method ?? "GET";
  const head = scanRequestHead(req.rawHeaders);
  const contentLength = head.contentLength !== undefined ? Number(head.contentLength) : undefined;
  if (contentLength !== undefined && contentLength > opts.maxBodyBytes) {
    req.resume();
    reject(res, 413, "payload_too_large", `request body of ${contentLength} bytes exceeds the limit of ${opts.maxBodyBytes}`);
    return finishRequest(sg, observer, injector, started, 413);
  }
  const hasBody = contentLength !== undefined ? contentLength > 0 : head.chunked;
  const wantsRetry = IDEMPOTENT.has(method) || head.idempotencyKey;

  // no body (the usual GET): no promise to wait for
  const read = hasBody ? await requestBody(req, res, wantsRetry && contentLength !== undefined && contentLength <= opts.replayBufferBytes, opts.maxBodyBytes) : NO_BODY;
  if (typeof read === "number") return finishRequest(sg, observer, injector, started, read);
  const body = read.body;
  const streamed = body instanceof LimitStream;

  const ip = selectClientIp(req.socket.remoteAddress, head.forwardedFor, opts.trust);
  const ex = new Exchange(sg, req, res, opts, observer, started, injector, path, head, ip, body);
  // the client going away cancels the guards and the attempt; once relaying, the upstream response
  (res as ExchangeResponse)[EXCHANGE] = ex;
  res.on("close", onClientClose); // a response closes once (no once-wrapper)

  ex.userKey = sg.userKey ? userKeyOf(sg.userKey, req.headers, rawQuery, ip) : undefined;
  ex.fault = injector && decideFaults(injector, sg.userKey, ex.userKey, req, rawQuery, ip);
  ex.idempotent = wantsRetry && !streamed;
  ex.classify = streamed ? streamedBodyClassifier(sg.classify, body) : sg.classify;
  const outcome = await sg.pipeline.runWith(ex.fault ? attemptWithFaults : attemptUpstream, ex);

  if (outcome.kind === "value") {
    const call = outcome.value;
    if (res.destroyed) {
      call.discard();
      return ex.finish(0, outcome);
    }
    res.writeHead(call.statusCode, clientResponseHeaders(call.headers as Record<string, string | string[] | undefined>));
    ex.finish(call.statusCode, outcome);
    ex.relaying = call;
    return ex.fault?.bytesPerSecond ? relayPaced(call, res, ex.fault.bytesPerSecond, opts.clock) : call.relay(res);
  }

  res.off("close", onClientClose);
  ex.finish(answerFailure(sg, req, res, body, ex.signal.aborted, outcome.error, opts.maxBodyBytes), outcome);
}

/** Reports a request's answer (status 0: the client went away) to the observer and a running experiment. */
function finishRequest(sg: ServiceGateway, observer: ProxyObserver, injector: ChaosInjector | undefined, started: number, status: number, outcome?: RunOutcome<unknown>): void {
  if (injector && status > 0) injector.outcome(clientFailed(status));
  observer.done(sg.service.name, status, (performance.now() - started) / 1000, outcome);
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

