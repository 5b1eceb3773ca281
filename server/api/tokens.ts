import { createTokenSchema } from "@/lib/contracts/auth";
import { json, parseBody, route } from "./http";

export const listTokens = route({ role: "admin" }, async ({ rt }) => json(await rt.auth.listTokens()));

export const createToken = route({ role: "admin" }, async ({ rt, req, principal }) => {
  const body = await parseBody(req, createTokenSchema);
  return json(await rt.auth.createToken(principal, body), 201);
});

export const revokeToken = route<{ id: string }>({ role: "admin" }, async ({ rt, principal }, { id }) =>
  json(await rt.auth.revokeToken(principal, id)),
);
