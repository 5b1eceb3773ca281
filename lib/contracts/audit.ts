import { z } from "zod";
import { strings } from "./fields";

export const auditEntrySchema = z.object({
  ...strings("id", "at", "actor", "action", "target"),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  reason: z.string().nullable(),
});
export type AuditEntryDto = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(200).optional(),
  target: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1, "must be 1 to 500").max(500, "must be 1 to 500").default(50),
  before: z.iso.datetime({ message: "must be an ISO 8601 date-time" }).optional(),
  since: z.iso.datetime({ message: "must be an ISO 8601 date-time" }).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditListSchema = z.array(auditEntrySchema);

/** Well-known audit actions (the audit filter offers them). */
export const AUDIT_ACTIONS = [
  "alert.ack",
  "alert.resolve",
  "auth.login",
  "auth.login_failed",
  "auth.logout",
  "breaker.force",
  "breaker.lift",
  "breaker.reset",
  "bulkhead.pin",
  "bulkhead.unpin",
  "experiment.create",
  "experiment.stop",
  "health_check.create",
  "health_check.delete",
  "health_check.update",
  "notifier.create",
  "notifier.delete",
  "service.create",
  "service.delete",
  "service.update",
  "silence.create",
  "silence.expire",
  "slo.create",
  "slo.delete",
  "slo.update",
  "token.create",
  "token.revoke",
  "user.create",
  "user.update",
] as const;
