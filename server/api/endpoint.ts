// A route handler bound to its entry in the route table: the role comes from the table, and the
// body and query are validated with the table's schemas before the handler runs.
import type { z } from "zod";
import { ROUTES, type RouteKey, type RouteSpec } from "./route-table";
import { parseBody, parseQuery, route, type RequestContext } from "./http";

type Spec<K extends RouteKey> = (typeof ROUTES)[K];
type Parsed<S, F extends string> = S extends { [k in F]: infer T extends z.ZodType } ? z.output<T> : undefined;

type ParamNames<S extends string> = S extends `${string}{${infer N}}${infer Rest}` ? N | ParamNames<Rest> : never;
/** The path parameters of a route key: "GET /a/{id}/b/{name}" → { id: string; name: string }. */
export type ParamsOf<K extends string> = { [N in ParamNames<K>]: string };

export interface EndpointContext<K extends RouteKey> extends RequestContext {
  body: Parsed<Spec<K>, "body">;
  query: Parsed<Spec<K>, "query">;
}

export function endpoint<K extends RouteKey>(
  key: K,
  fn: (ctx: EndpointContext<K>, params: ParamsOf<K>) => Promise<Response>,
): (req: Request, ctx: { params: Promise<ParamsOf<K>> }) => Promise<Response> {
  const spec: RouteSpec = ROUTES[key];
  return route<ParamsOf<K>>(spec.role === "public" ? { public: true } : { role: spec.role }, async (ctx, params) => {
    const query = spec.query ? parseQuery(ctx.req, spec.query) : undefined;
    const body = spec.body ? await parseBody(ctx.req, spec.body) : undefined;
    return fn({ ...ctx, body, query } as EndpointContext<K>, params);
  });
}
