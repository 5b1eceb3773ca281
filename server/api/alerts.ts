import { alertActionSchema, alertListQuerySchema, deliveriesQuerySchema, notifierInputSchema, silenceInputSchema } from "@/lib/contracts/alerts";
import { json, parseBody, parseQuery, route } from "./http";

export const listAlerts = route({ role: "viewer" }, async ({ rt, req }) => {
  const q = parseQuery(req, alertListQuerySchema);
  const rows = await rt.alerts.list(q);
  const last = rows.length === q.limit ? rows[rows.length - 1] : undefined;
  return json(rows, 200, last ? { "x-next-before": last.startsAt } : {});
});

export const getAlert = route<{ id: string }>({ role: "viewer" }, async ({ rt }, { id }) => json(await rt.alerts.get(id)));

export const ackAlert = route<{ id: string }>({ role: "operator" }, async ({ rt, req, principal }, { id }) => {
  const body = await parseBody(req, alertActionSchema);
  return json(await rt.alerts.acknowledge(principal, id, body.comment || undefined));
});

export const resolveAlert = route<{ id: string }>({ role: "operator" }, async ({ rt, req, principal }, { id }) => {
  const body = await parseBody(req, alertActionSchema);
  return json(await rt.alerts.resolve(principal, id, body.comment || undefined));
});

export const listSilences = route({ role: "viewer" }, async ({ rt }) => json(await rt.alerts.listSilences()));

export const createSilence = route({ role: "operator" }, async ({ rt, req, principal }) => {
  const body = await parseBody(req, silenceInputSchema);
  return json(await rt.alerts.createSilence(principal, body), 201);
});

export const expireSilence = route<{ id: string }>({ role: "operator" }, async ({ rt, principal }, { id }) =>
  json(await rt.alerts.expireSilence(principal, id)),
);

export const listNotifiers = route({ role: "admin" }, async ({ rt }) => json(await rt.alerts.listNotifiers()));

export const createNotifier = route({ role: "admin" }, async ({ rt, req, principal }) => {
  const body = await parseBody(req, notifierInputSchema);
  return json(await rt.alerts.createNotifier(principal, body), 201);
});

export const deleteNotifier = route<{ id: string }>({ role: "admin" }, async ({ rt, principal }, { id }) => {
  await rt.alerts.deleteNotifier(principal, id);
  return new Response(null, { status: 204 });
});

export const testNotifier = route<{ id: string }>({ role: "admin" }, async ({ rt, principal }, { id }) =>
  json(await rt.alerts.testNotifier(principal, id)),
);

export const listDeliveries = route({ role: "admin" }, async ({ rt, req }) => json(await rt.alerts.deliveries(parseQuery(req, deliveriesQuerySchema))));
