import { endpoint } from "./endpoint";
import { json } from "./http";

// The route validates with the shared schema; the health service then checks the service, the
// protocol's own options, the target and the secrets an edit keeps.

export const listHealthChecks = endpoint("GET /api/v1/health-checks", async ({ rt }) => json(rt.health.list()));

export const createHealthCheck = endpoint("POST /api/v1/health-checks", async ({ rt, body, principal }) => json(await rt.health.create(principal, body), 201));

export const getHealthCheck = endpoint("GET /api/v1/health-checks/{id}", async ({ rt }, { id }) => json(rt.health.get(id)));

export const replaceHealthCheck = endpoint("PUT /api/v1/health-checks/{id}", async ({ rt, body, principal }, { id }) => json(await rt.health.update(principal, id, body)));

export const deleteHealthCheck = endpoint("DELETE /api/v1/health-checks/{id}", async ({ rt, principal }, { id }) => {
  await rt.health.remove(principal, id);
  return new Response(null, { status: 204 });
});

export const healthCheckResults = endpoint("GET /api/v1/health-checks/{id}/results", async ({ rt }, { id }) => json(await rt.health.results(id)));

export const healthCheckers = endpoint("GET /api/v1/health-checkers", async ({ rt }) => json(rt.health.protocols()));
