// The two listeners' request handlers. The data plane (gateway port) serves services only, at
// /<service>/…; the control plane (PORT) serves the dashboard, the API, Socket.IO, probes and
// /metrics, and never upstream content: an upstream page on the dashboard's origin could script
// the dashboard with the signed-in user's session.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../logger";
import type { Runtime } from "../runtime";
import { LEGACY_GATEWAY_PREFIX } from "../gateway/gateway";
import { gatewayBaseUrl } from "../gateway/public-url";
import { sendError } from "./json";
import { handleHealthz, handleReadyz, type ListenerInfo } from "./probes";
import { refuseUnroutable } from "./request-target";
import { stampRequestContext, type Trust } from "./request-context";
import { limitRequestBody } from "./body-limit";
import { applySecurityHeaders, STATIC_SECURITY_HEADERS } from "./security-headers";

export interface PlaneState {
  shuttingDown: boolean;
  inFlight: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Counts a request as in flight until its response closes: one listener per plane, shared by every
 * response (a response closes once, so no once-wrapper or closure per request either).
 */
function inFlightTracker(state: PlaneState): (res: ServerResponse) => void {
  const closed = () => {
    state.inFlight--;
  };
  return (res) => {
    state.inFlight++;
    res.on("close", closed);
  };
}

function failed(res: ServerResponse, log: Logger, what: string, url: string) {
  return (err: unknown) => {
    log.error({ err, url }, what);
    if (!res.headersSent) sendError(res, 500, "internal_error", "internal error");
    else res.destroy();
  };
}

export function gatewayHandler(rt: Runtime, log: Logger, state: PlaneState): Handler {
  const track = inFlightTracker(state);
  return (req, res) => {
    track(res);
    if (refuseUnroutable(req, res)) return;
    try {
      rt.gateway.handle(req, res)?.catch(failed(res, log, "gateway error", req.url ?? ""));
    } catch (err) {
      failed(res, log, "gateway error", req.url ?? "")(err);
    }
  };
}

export interface ControlDeps {
  rt: Runtime;
  log: Logger;
  state: PlaneState;
  dev: boolean;
  trustProxy: Trust;
  /** BREAKWATER_API_MAX_BODY_BYTES: larger /api bodies are refused while they stream. */
  apiMaxBodyBytes: number;
  handleNext: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  listeners: () => Record<string, ListenerInfo>;
}

export function controlHandler(d: ControlDeps): Handler {
  const { rt, log, state } = d;
  const track = inFlightTracker(state);
  return (req, res) => {
    track(res);
    for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) res.setHeader(name, value);
    if (refuseUnroutable(req, res)) return;
    const url = req.url!;
    if (url.startsWith(LEGACY_GATEWAY_PREFIX)) {
      req.resume();
      const moved = `${gatewayBaseUrl()}/${url.slice(LEGACY_GATEWAY_PREFIX.length)}`;
      return sendError(res, 404, "moved_to_gateway_port", `the gateway serves services on its own port: ${moved}`);
    }
    if (url === "/healthz") return handleHealthz(req, res, state);
    if (url === "/metrics") return void serveMetrics(rt, log, res);
    if (url === "/readyz") {
      const extra = rt.cluster ? [{ name: "redis", check: () => rt.cluster!.ping() }] : [];
      return void handleReadyz(req, res, rt, extra, state, d.listeners());
    }
    if (url.startsWith("/api/") && !limitRequestBody(req, res, d.apiMaxBodyBytes)) return;
    stampRequestContext(req, d.trustProxy);
    applySecurityHeaders(req, res, d.dev);
    d.handleNext(req, res).catch(failed(res, log, "unhandled error while rendering", url));
  };
}

function serveMetrics(rt: Runtime, log: Logger, res: ServerResponse): Promise<void> {
  return rt.metrics.text().then(
    (text) => {
      res.writeHead(200, { "content-type": rt.metrics.contentType });
      res.end(text);
    },
    (err: unknown) => {
      log.error({ err }, "metrics failed");
      sendError(res, 500, "internal_error", "metrics unavailable");
    },
  );
}
