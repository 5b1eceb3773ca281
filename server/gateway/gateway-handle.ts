// The gateway's request path: routes /<service>/<rest> to the service's pipeline (the proxy),
// answers unknown services and unsafe paths, and in cluster mode takes a trial lease for a
// half-open breaker. Created once per gateway: nothing here allocates a closure per request.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Metrics } from "../metrics";
import { proxyRequest, reject, type ProxyContext } from "./proxy";
import type { ServiceGateway } from "./service-gateway";
import { buildUpstreamPath, splitGatewayUrl, UnsafePathError } from "./upstream-url";
import type { GatewayObserver } from "./gateway-observer";

/** Services are served at /<service>/… on the gateway listener. */
export const GATEWAY_PREFIX = "/";

export interface GatewayHandleDeps {
  services: Map<string, ServiceGateway>;
  proxyCtx: ProxyContext;
  observer: GatewayObserver;
  metrics: Metrics;
  /** Cluster mode: a half-open trial also needs one of the cluster's leases (null = refused). */
  acquireTrial?: (name: string, max: number) => Promise<(() => void) | null>;
}

export function createGatewayHandle(deps: GatewayHandleDeps) {
  const { services, proxyCtx, observer } = deps;
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { service, rest } = splitGatewayUrl(req.url ?? GATEWAY_PREFIX, GATEWAY_PREFIX);
    const sg = services.get(service);
    if (!sg) {
      req.resume();
      reject(res, 404, "unknown_service", service ? `no service named '${service}'` : "name a service: /<service>/…");
      return observer.done(service || "-", 404, 0, undefined);
    }
    let path: string;
    try {
      path = buildUpstreamPath(sg.basePath, rest);
    } catch (err) {
      if (!(err instanceof UnsafePathError)) throw err;
      req.resume();
      reject(res, 400, "invalid_path", err.message);
      return observer.done(service, 400, 0, undefined);
    }
    const q = rest.indexOf("?");
    const rawQuery = q < 0 ? "" : rest.slice(q + 1);
    // awaited, not returned: an async function that returns a promise adopts it two microtasks later
    if (!deps.acquireTrial || sg.breaker.state !== "half_open") return await proxyRequest(sg, path, rawQuery, req, res, proxyCtx, observer);
    // cluster mode: a half-open trial also needs one of the cluster's leases
    const lease = await deps.acquireTrial(service, sg.service.breaker.halfOpenMaxCalls);
    if (!lease) {
      req.resume();
      deps.metrics.call(service, "not_permitted");
      reject(res, 503, "circuit_open", `circuit breaker "${service}" is half_open: every trial slot in the cluster is taken (service '${service}')`, 1000);
      return observer.done(service, 503, 0, undefined);
    }
    try {
      await proxyRequest(sg, path, rawQuery, req, res, proxyCtx, observer);
    } finally {
      lease();
    }
  };
}
