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
  /**
   * Not an async function: the usual request returns the proxy's own promise (no second promise and
   * no extra microtask per request); undefined when answered at once. May throw for a bug, which
   * the caller answers as it answers a rejection.
   */
  return function handle(req: IncomingMessage, res: ServerResponse): Promise<void> | undefined {
    const { service, rest } = splitGatewayUrl(req.url ?? GATEWAY_PREFIX, GATEWAY_PREFIX);
    const sg = services.get(service);
    if (!sg) {
      req.resume();
      reject(res, 404, "unknown_service", service ? `no service named '${service}'` : "name a service: /<service>/…");
      observer.done(service || "-", 404, 0, undefined);
      return undefined;
    }
    let path: string;
    try {
      path = buildUpstreamPath(sg.basePath, rest);
    } catch (err) {
      if (!(err instanceof UnsafePathError)) throw err;
      req.resume();
      reject(res, 400, "invalid_path", err.message);
      observer.done(service, 400, 0, undefined);
      return undefined;
    }
    const q = rest.indexOf("?");
    const rawQuery = q < 0 ? "" : rest.slice(q + 1);
    if (!deps.acquireTrial || sg.breaker.state !== "half_open") return proxyRequest(sg, path, rawQuery, req, res, proxyCtx, observer);
    return proxyWithTrialLease(deps.acquireTrial, deps, sg, path, rawQuery, req, res);
  };
}

/** Cluster mode: a half-open trial also needs one of the cluster's leases. */
async function proxyWithTrialLease(
  acquireTrial: NonNullable<GatewayHandleDeps["acquireTrial"]>,
  { proxyCtx, observer, metrics }: GatewayHandleDeps,
  sg: ServiceGateway,
  path: string,
  rawQuery: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const service = sg.service.name;
  const lease = await acquireTrial(service, sg.service.breaker.halfOpenMaxCalls);
  if (!lease) {
    req.resume();
    metrics.call(service, "not_permitted");
    reject(res, 503, "circuit_open", `circuit breaker "${service}" is half_open: every trial slot in the cluster is taken (service '${service}')`, 1000);
    return observer.done(service, 503, 0, undefined);
  }
  try {
    await proxyRequest(sg, path, rawQuery, req, res, proxyCtx, observer);
  } finally {
    lease();
  }
}
