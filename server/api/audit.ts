import { auditQuerySchema } from "@/lib/contracts/audit";
import { json, parseQuery, route } from "./http";

export const listAudit = route({ role: "viewer" }, async ({ rt, req }) => {
  const q = parseQuery(req, auditQuerySchema);
  const entries = await rt.audit.list(q);
  const last = entries.length === q.limit ? entries[entries.length - 1] : undefined;
  return json(entries, 200, last ? { "x-next-before": last.at } : {});
});
