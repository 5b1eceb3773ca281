// The gateway's entry point for /gw/<service>/… . Until services can be declared (issue #4) no
// service exists, so every request is answered 404 unknown_service in the contract's error shape.
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendError } from "../http/json";

export const GATEWAY_PREFIX = "/gw/";

export function serviceNameOf(url: string): string {
  const rest = url.slice(GATEWAY_PREFIX.length);
  const end = rest.search(/[/?#]/);
  return decodeURIComponentSafe(end < 0 ? rest : rest.slice(0, end));
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function handleGateway(req: IncomingMessage, res: ServerResponse): void {
  const name = serviceNameOf(req.url ?? GATEWAY_PREFIX);
  req.resume();
  sendError(res, 404, "unknown_service", name ? `no service named '${name}'` : "no service named in the path /gw/<service>/…", {
    headers: { "x-breakwater-reason": "unknown_service" },
  });
}
