import { endpoint } from "./endpoint";
import { json } from "./http";

export const listSlos = endpoint("GET /api/v1/slos", async ({ rt }) => json(rt.slos.list()));

export const createSlo = endpoint("POST /api/v1/slos", async ({ rt, body, principal }) => json(await rt.slos.create(principal, body), 201));

export const getSlo = endpoint("GET /api/v1/slos/{id}", async ({ rt }, { id }) => json(rt.slos.get(id)));

export const replaceSlo = endpoint("PUT /api/v1/slos/{id}", async ({ rt, body, principal }, { id }) => json(await rt.slos.update(principal, id, body)));

export const deleteSlo = endpoint("DELETE /api/v1/slos/{id}", async ({ rt, principal }, { id }) => {
  await rt.slos.remove(principal, id);
  return new Response(null, { status: 204 });
});

export const sloStatus = endpoint("GET /api/v1/slos/{id}/status", async ({ rt }, { id }) => json(rt.slos.status(id)));
