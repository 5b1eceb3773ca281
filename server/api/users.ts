import { createUserSchema, updateUserSchema } from "@/lib/contracts/auth";
import { json, parseBody, route } from "./http";

export const listUsers = route({ role: "admin" }, async ({ rt }) => json(await rt.auth.listUsers()));

export const createUser = route({ role: "admin" }, async ({ rt, req, principal }) => {
  const body = await parseBody(req, createUserSchema);
  return json(await rt.auth.createUser(principal, body), 201);
});

export const updateUser = route<{ username: string }>({ role: "admin" }, async ({ rt, req, principal }, { username }) => {
  const body = await parseBody(req, updateUserSchema);
  return json(await rt.auth.updateUser(principal, decodeURIComponent(username), body));
});
