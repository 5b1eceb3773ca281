// Per-user bulkhead keys: a header, a query parameter, or the client IP.
import type { IncomingHttpHeaders } from "node:http";

export type UserKeySource = { kind: "header"; name: string } | { kind: "query"; name: string } | { kind: "ip" };

export function parseUserKeySource(spec: string): UserKeySource {
  if (spec === "ip") return { kind: "ip" };
  const m = /^(header|query):(.+)$/.exec(spec);
  if (!m) throw new Error(`invalid per-user key '${spec}': use header:<name>, query:<name> or ip`);
  return m[1] === "header" ? { kind: "header", name: m[2]!.toLowerCase() } : { kind: "query", name: m[2]! };
}

/** The key for this request, or undefined when the request carries none (then no per-user limit applies). */
export function userKeyOf(source: UserKeySource, headers: IncomingHttpHeaders, rawQuery: string, clientIp: string): string | undefined {
  switch (source.kind) {
    case "ip":
      return clientIp;
    case "header": {
      const v = headers[source.name];
      const s = (Array.isArray(v) ? v[0] : v)?.trim();
      return s ? s.slice(0, 256) : undefined;
    }
    case "query": {
      const v = new URLSearchParams(rawQuery).get(source.name)?.trim();
      return v ? v.slice(0, 256) : undefined;
    }
  }
}
