import { forceRequestSchema, historyQuerySchema, rangeQuerySchema } from "@/lib/contracts/breakers";
import { json, parseBody, parseQuery, route } from "./http";

export const listBreakers = route({ role: "viewer" }, async ({ rt }) => json(rt.breakers.list()));

export const getBreaker = route<{ name: string }>({ role: "viewer" }, async ({ rt }, { name }) => json(rt.breakers.get(name)));

export const breakerTransitions = route<{ name: string }>({ role: "viewer" }, async ({ rt, req }, { name }) => {
  const q = parseQuery(req, historyQuerySchema);
  const rows = await rt.breakers.transitions(name, q);
  const last = rows.length === q.limit ? rows[rows.length - 1] : undefined;
  return json(rows, 200, last ? { "x-next-before": last.at } : {});
});

export const forceBreaker = route<{ name: string }>({ role: "operator" }, async ({ rt, req, principal }, { name }) => {
  const body = await parseBody(req, forceRequestSchema);
  return json(await rt.breakers.force(principal, name, body));
});

export const liftBreaker = route<{ name: string }>({ role: "operator" }, async ({ rt, principal }, { name }) =>
  json(await rt.breakers.lift(principal, name)),
);

export const resetBreaker = route<{ name: string }>({ role: "operator" }, async ({ rt, principal }, { name }) =>
  json(await rt.breakers.reset(principal, name)),
);

export const listBulkheads = route({ role: "viewer" }, async ({ rt }) => json(rt.breakers.bulkheads()));

export const getBulkhead = route<{ service: string }>({ role: "viewer" }, async ({ rt }, { service }) => json(rt.breakers.bulkhead(service)));

export const breakerSamples = route<{ name: string }>({ role: "viewer" }, async ({ rt, req }, { name }) => {
  const { range } = parseQuery(req, rangeQuerySchema);
  rt.breakers.get(name); // 404 for an unknown breaker
  return json(await rt.charts.breaker(name, range));
});

export const bulkheadSamples = route<{ service: string }>({ role: "viewer" }, async ({ rt, req }, { service }) => {
  const { range } = parseQuery(req, rangeQuerySchema);
  rt.breakers.bulkhead(service);
  return json(await rt.charts.bulkhead(service, range));
});

export const trafficSeries = route({ role: "viewer" }, async ({ rt, req }) => {
  const { range } = parseQuery(req, rangeQuerySchema);
  return json(await rt.charts.traffic(range));
});
