import { healthCheckInputSchema } from "@/lib/contracts/health";
import { json, parseBody, route } from "./http";

// The route validates with the shared schema; the health service then checks the service, the
// protocol's own options, the target and the secrets an edit keeps.

export const listHealthChecks = route({ role: "viewer" }, async ({ rt }) => json(rt.health.list()));

export const createHealthCheck = route({ role: "admin" }, async ({ rt, req, principal }) => {
  const body = await parseBody(req, healthCheckInputSchema);
  return json(await rt.health.create(principal, body), 201);
});

export const getHealthCheck = route<{ id: string }>({ role: "viewer" }, async ({ rt }, { id }) => json(rt.health.get(id)));

export const replaceHealthCheck = route<{ id: string }>({ role: "admin" }, async ({ rt, req, principal }, { id }) => {
  const body = await parseBody(req, healthCheckInputSchema);
  return json(await rt.health.update(principal, id, body));
});

export const deleteHealthCheck = route<{ id: string }>({ role: "admin" }, async ({ rt, principal }, { id }) => {
  await rt.health.remove(principal, id);
  return new Response(null, { status: 204 });
});

export const healthCheckResults = route<{ id: string }>({ role: "viewer" }, async ({ rt }, { id }) => json(await rt.health.results(id)));

export const healthCheckers = route({ role: "viewer" }, async ({ rt }) => json(rt.health.protocols()));
