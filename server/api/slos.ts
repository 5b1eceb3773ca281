import { sloInputSchema } from "@/lib/contracts/slos";
import { json, parseBody, route } from "./http";

export const listSlos = route({ role: "viewer" }, async ({ rt }) => json(rt.slos.list()));

export const createSlo = route({ role: "operator" }, async ({ rt, req, principal }) => {
  const def = await parseBody(req, sloInputSchema);
  return json(await rt.slos.create(principal, def), 201);
});

export const getSlo = route<{ id: string }>({ role: "viewer" }, async ({ rt }, { id }) => json(rt.slos.get(id)));

export const replaceSlo = route<{ id: string }>({ role: "operator" }, async ({ rt, req, principal }, { id }) => {
  const def = await parseBody(req, sloInputSchema);
  return json(await rt.slos.update(principal, id, def));
});

export const deleteSlo = route<{ id: string }>({ role: "operator" }, async ({ rt, principal }, { id }) => {
  await rt.slos.remove(principal, id);
  return new Response(null, { status: 204 });
});

export const sloStatus = route<{ id: string }>({ role: "viewer" }, async ({ rt }, { id }) => json(rt.slos.status(id)));
