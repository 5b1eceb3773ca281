import { spanOfQuery } from "@/lib/contracts/breakers";
import { endpoint } from "./endpoint";
import { json } from "./http";

export const listBreakers = endpoint("GET /api/v1/breakers", async ({ rt }) => json(rt.breakers.list()));

export const getBreaker = endpoint("GET /api/v1/breakers/{name}", async ({ rt }, { name }) => json(rt.breakers.get(name)));

export const breakerTransitions = endpoint("GET /api/v1/breakers/{name}/transitions", async ({ rt, query }, { name }) => {
  const rows = await rt.breakers.transitions(name, query);
  const last = rows.length === query.limit ? rows[rows.length - 1] : undefined;
  return json(rows, 200, last ? { "x-next-before": last.at } : {});
});

export const forceBreaker = endpoint("POST /api/v1/breakers/{name}/force", async ({ rt, body, principal }, { name }) => json(await rt.breakers.force(principal, name, body)));

export const liftBreaker = endpoint("DELETE /api/v1/breakers/{name}/force", async ({ rt, principal, query }, { name }) => json(await rt.breakers.lift(principal, name, query.to)));

export const resetBreaker = endpoint("POST /api/v1/breakers/{name}/reset", async ({ rt, principal }, { name }) => json(await rt.breakers.reset(principal, name)));

export const listBulkheads = endpoint("GET /api/v1/bulkheads", async ({ rt }) => json(rt.breakers.bulkheads()));

export const getBulkhead = endpoint("GET /api/v1/bulkheads/{service}", async ({ rt }, { service }) => json(rt.breakers.bulkhead(service)));

export const breakerSamples = endpoint("GET /api/v1/breakers/{name}/samples", async ({ rt, query }, { name }) => {
  rt.breakers.get(name); // 404 for an unknown breaker
  return json(await rt.charts.breaker(name, spanOfQuery(query)));
});

export const bulkheadSamples = endpoint("GET /api/v1/bulkheads/{service}/samples", async ({ rt, query }, { service }) => {
  rt.breakers.bulkhead(service);
  return json(await rt.charts.bulkhead(service, spanOfQuery(query)));
});

export const trafficSeries = endpoint("GET /api/v1/traffic", async ({ rt, query }) => json(await rt.charts.traffic(spanOfQuery(query))));

export const pinBulkhead = endpoint("POST /api/v1/bulkheads/{service}/pin", async ({ rt, body, principal }, { service }) => {
  await rt.adaptive.pin(principal.username, service, body);
  return json(rt.breakers.bulkhead(service));
});

export const unpinBulkhead = endpoint("DELETE /api/v1/bulkheads/{service}/pin", async ({ rt, principal }, { service }) => {
  await rt.adaptive.unpin(principal.username, service);
  return json(rt.breakers.bulkhead(service));
});
