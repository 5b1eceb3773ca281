import { endpoint } from "./endpoint";
import { json } from "./http";

export const listAlerts = endpoint("GET /api/v1/alerts", async ({ rt, query }) => {
  const rows = await rt.alerts.list(query);
  const last = rows.length === query.limit ? rows[rows.length - 1] : undefined;
  return json(rows, 200, last ? { "x-next-before": last.startsAt } : {});
});

export const getAlert = endpoint("GET /api/v1/alerts/{id}", async ({ rt }, { id }) => json(await rt.alerts.get(id)));

export const ackAlert = endpoint("POST /api/v1/alerts/{id}/ack", async ({ rt, body, principal }, { id }) =>
  json(await rt.alerts.acknowledge(principal, id, body.comment || undefined)),
);

export const resolveAlert = endpoint("POST /api/v1/alerts/{id}/resolve", async ({ rt, body, principal }, { id }) =>
  json(await rt.alerts.resolve(principal, id, body.comment || undefined)),
);

export const listSilences = endpoint("GET /api/v1/silences", async ({ rt }) => json(await rt.alerts.listSilences()));

export const createSilence = endpoint("POST /api/v1/silences", async ({ rt, body, principal }) => json(await rt.alerts.createSilence(principal, body), 201));

export const expireSilence = endpoint("DELETE /api/v1/silences/{id}", async ({ rt, principal }, { id }) =>
  json(await rt.alerts.expireSilence(principal, id)),
);

export const listNotifiers = endpoint("GET /api/v1/notifiers", async ({ rt }) => json(await rt.alerts.listNotifiers()));

export const createNotifier = endpoint("POST /api/v1/notifiers", async ({ rt, body, principal }) => json(await rt.alerts.createNotifier(principal, body), 201));

export const deleteNotifier = endpoint("DELETE /api/v1/notifiers/{id}", async ({ rt, principal }, { id }) => {
  await rt.alerts.deleteNotifier(principal, id);
  return new Response(null, { status: 204 });
});

export const testNotifier = endpoint("POST /api/v1/notifiers/{id}/test", async ({ rt, principal }, { id }) =>
  json(await rt.alerts.testNotifier(principal, id)),
);

export const listDeliveries = endpoint("GET /api/v1/deliveries", async ({ rt, query }) => json(await rt.alerts.deliveries(query)));
