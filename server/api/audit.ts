import { endpoint } from "./endpoint";
import { json } from "./http";

export const listAudit = endpoint("GET /api/v1/audit", async ({ rt, query }) => {
  const entries = await rt.audit.list(query);
  const last = entries.length === query.limit ? entries[entries.length - 1] : undefined;
  return json(entries, 200, last ? { "x-next-before": last.at } : {});
});
