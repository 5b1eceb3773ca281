// Requests neither plane can route: a request target that is not a path ("*", absolute-form
// "http://…", authority-form) or an ambiguous Host (sent twice). Both get a 400 in the JSON error
// shape before any routing, never a 500.
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendError } from "./json";

/** Why the request cannot be routed, or null when it can. */
export function unroutableReason(req: IncomingMessage): string | null {
  const target = req.url ?? "";
  if (!target.startsWith("/") || target.startsWith("//")) {
    return `the request target must be a path such as /services (got ${JSON.stringify(target.slice(0, 100))})`;
  }
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === "host") hosts++;
  if (hosts > 1) return `the request carries ${hosts} Host headers: send exactly one`;
  return null;
}

/** Answers 400 bad_request and returns true when the request cannot be routed. */
export function refuseUnroutable(req: IncomingMessage, res: ServerResponse): boolean {
  const reason = unroutableReason(req);
  if (reason === null) return false;
  req.resume();
  sendError(res, 400, "bad_request", reason, { headers: { connection: "close" } });
  return true;
}
