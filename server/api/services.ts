import { serviceSchema, serviceUpdateSchema } from "@/lib/contracts/services";
import { AppError } from "../errors";
import { json, parseBody, route } from "./http";

export const listServices = route({ role: "viewer" }, async ({ rt }) => json(rt.services.list()));

export const createService = route({ role: "admin" }, async ({ rt, req, principal }) => {
  const service = await parseBody(req, serviceSchema);
  return json(await rt.services.create(principal, service), 201);
});

export const getService = route<{ name: string }>({ role: "viewer" }, async ({ rt }, { name }) => json(rt.services.get(name)));

export const replaceService = route<{ name: string }>({ role: "admin" }, async ({ rt, req, principal }, { name }) => {
  const body = await parseBody(req, serviceUpdateSchema);
  if (body.name !== undefined && body.name !== name) {
    throw new AppError(400, "validation_failed", "the name in the body must match the path", [
      { path: "name", message: `must be '${name}' (renaming is not supported; create a new service)` },
    ]);
  }
  return json(await rt.services.update(principal, { ...body, name }));
});

export const deleteService = route<{ name: string }>({ role: "admin" }, async ({ rt, principal }, { name }) => {
  await rt.services.remove(principal, name);
  return new Response(null, { status: 204 });
});
