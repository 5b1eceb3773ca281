// "http" and "https" health checks with undici: method, expected statuses (default 200-399), an
// optional body substring/regex, headers; TLS verified unless the check trusts a CA or skips
// verification; redirects followed only when asked. A per-check Agent is destroyed afterwards.
import { RE2JS } from "re2js";
import { STATUS_CODES } from "node:http";
import { performance } from "node:perf_hooks";
import type { Socket } from "node:net";
import { Agent, buildConnector, interceptors, request, type Dispatcher } from "undici";
import {
  httpOptionsSchema,
  parseStatusSpec,
  TARGET_HINTS,
  type HttpOptions,
} from "@/lib/contracts/health";
import type { CheckResult, HealthChecker } from "../types";
import { abortRace, describeError, prepareCheck, quote, result, timedOut, validateUrl } from "./common";
import { tlsConnectTrust } from "./tls";

/** At most this much of the body is read for matching. */
export const MAX_BODY_BYTES = 64 * 1024;
const MAX_REDIRECTS = 5;

function statusLine(status: number): string {
  const text = STATUS_CODES[status];
  return text ? `${status} ${text}` : String(status);
}

async function readBody(body: Dispatcher.ResponseData["body"]): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    const room = MAX_BODY_BYTES - size;
    chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
    size += Math.min(chunk.length, room);
    if (size >= MAX_BODY_BYTES) break; // leaving the loop destroys the stream
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A one-connection undici Agent for one check (following redirects only when asked), and how to
 * get rid of it. A socket still in its TCP/TLS handshake (a silent peer) is not closed by
 * agent.destroy(): the connector's sockets are tracked and destroyed too. undici's connector returns
 * its socket although the type says void; if it ever stops doing so, the connector's own 10 s
 * connect timeout still applies.
 */
function checkAgent(o: HttpOptions): { dispatcher: Dispatcher; destroy: () => void } {
  const sockets = new Set<Socket>();
  const connector = buildConnector(tlsConnectTrust(o)) as unknown as (
    ...args: Parameters<buildConnector.connector>
  ) => Socket | undefined;
  const agent = new Agent({
    connect: (opts, callback) => {
      const socket = connector(opts, callback);
      if (socket && typeof socket.once === "function") {
        sockets.add(socket);
        socket.once("close", () => sockets.delete(socket));
      }
    },
    connections: 1,
    pipelining: 0,
    keepAliveTimeout: 1,
  });
  const dispatcher: Dispatcher = o.followRedirects
    ? agent.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS }))
    : agent;
  return {
    dispatcher,
    destroy: () => {
      agent.destroy().catch(() => {});
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** The verdict on an answer: an expected status, then (when asked) the body's text. */
async function judge(response: Dispatcher.ResponseData, o: HttpOptions, start: number): Promise<CheckResult> {
  const { statusCode } = response;
  const ranges = parseStatusSpec(o.expectStatus);
  if (!ranges.some(([lo, hi]) => statusCode >= lo && statusCode <= hi)) {
    return result(false, start, `expected ${o.expectStatus}, got ${statusLine(statusCode)}`);
  }
  let ok = statusLine(statusCode);
  const location = response.headers.location;
  if (!o.followRedirects && statusCode >= 300 && statusCode < 400 && typeof location === "string") {
    ok += ` (redirect to ${location.length > 80 ? `${location.slice(0, 80)}…` : location}, not followed)`;
  }
  if (o.expectBody === undefined) return result(true, start, ok);
  const text = await readBody(response.body);
  if (o.bodyMatch === "regex") {
    if (!RE2JS.compile(o.expectBody).test(text)) // linear time: the body is the upstream's
      return result(
        false,
        start,
        `body does not match /${o.expectBody.length > 60 ? `${o.expectBody.slice(0, 60)}…` : o.expectBody}/`,
      );
  } else if (!text.includes(o.expectBody)) {
    return result(false, start, `body does not contain ${quote(o.expectBody)}`);
  }
  return result(true, start, ok);
}

/** Destroys an unread body (destroying it reports an abort nobody needs: that error is ignored). */
function discard(response: Dispatcher.ResponseData | undefined): void {
  const body = response?.body;
  if (body && !body.destroyed) {
    body.on("error", () => {});
    body.destroy();
  }
}

async function check(target: string, rawOptions: unknown, signal: AbortSignal): Promise<CheckResult> {
  const start = performance.now();
  const prepared = prepareCheck(httpOptionsSchema, rawOptions, start, signal);
  if ("done" in prepared) return prepared.done;
  const o = prepared.options;

  const agent = checkAgent(o);
  const race = abortRace(signal);
  let response: Dispatcher.ResponseData | undefined;
  try {
    const work = (async (): Promise<CheckResult> => {
      response = await request(target.trim(), { method: o.method, headers: o.headers, dispatcher: agent.dispatcher, signal });
      return judge(response, o, start);
    })();
    return await Promise.race([work, race.promise]);
  } catch (err) {
    if (signal.aborted) return timedOut(start, signal);
    return result(false, start, describeError(err));
  } finally {
    race.dispose();
    discard(response);
    agent.destroy();
  }
}

export function createHttpChecker(scheme: "http" | "https"): HealthChecker<HttpOptions> {
  return {
    name: scheme,
    optionsSchema: httpOptionsSchema,
    validateTarget(target) {
      return validateUrl(target, [`${scheme}:`], TARGET_HINTS[scheme]);
    },
    check,
  };
}

export const httpChecker = createHttpChecker("http");
export const httpsChecker = createHttpChecker("https");
