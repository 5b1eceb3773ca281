import { AppError } from "../errors";
import { endpoint } from "./endpoint";
import { json } from "./http";

export const listServices = endpoint("GET /api/v1/services", async ({ rt }) => json(rt.services.list()));

export const createService = endpoint("POST /api/v1/services", async ({ rt, body, principal }) => json(await rt.services.create(principal, body), 201));

export const getService = endpoint("GET /api/v1/services/{name}", async ({ rt }, { name }) => json(rt.services.get(name)));

export const replaceService = endpoint("PUT /api/v1/services/{name}", async ({ rt, body, principal }, { name }) => {
  if (body.name !== undefined && body.name !== name) {
    throw new AppError(400, "validation_failed", "the name in the body must match the path", [
      { path: "name", message: `must be '${name}' (renaming is not supported; create a new service)` },
    ]);
  }
  return json(await rt.services.update(principal, { ...body, name }));
});

export const deleteService = endpoint("DELETE /api/v1/services/{name}", async ({ rt, principal }, { name }) => {
  await rt.services.remove(principal, name);
  return new Response(null, { status: 204 });
});
