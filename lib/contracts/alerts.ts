// Alerts, silences and notifiers as the API and the dashboard see them (docs/API.md, "Endpoints").
import { z } from "zod";
import { strings } from "./fields";
import { silenceMatchersSchema } from "@/lib/engine/alerts/silence";

export const alertStatusSchema = z.enum(["firing", "acknowledged", "resolved"]);
export const alertSeveritySchema = z.enum(["critical", "warning", "info"]);

export const alertNoteSchema = z.object({
  at: z.string(),
  author: z.string(),
  kind: z.enum(["ack", "resolve", "comment"]),
  comment: z.string().optional(),
});

export const alertDtoSchema = z.object({
  ...strings("id", "fingerprint", "source"),
  severity: alertSeveritySchema,
  status: alertStatusSchema,
  title: z.string(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  acknowledgedBy: z.string().optional(),
  acknowledgedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  silenced: z.boolean(),
  notes: z.array(alertNoteSchema),
});
export type AlertDto = z.infer<typeof alertDtoSchema>;

/** GET /deliveries query. */
export const deliveriesQuerySchema = z.object({
  notifierId: z.string().max(100, "must be at most 100 characters").optional(),
  limit: z.coerce.number().int().min(1, "must be 1 to 500").max(500, "must be 1 to 500").default(50),
});

export const alertListQuerySchema = z.object({
  status: alertStatusSchema.optional(),
  limit: z.coerce.number().int().min(1, "must be 1 to 500").max(500, "must be 1 to 500").default(50),
  before: z.iso.datetime({ message: "must be an ISO 8601 date-time" }).optional(),
});

export const alertActionSchema = z.object({ comment: z.string().trim().max(1000, "must be at most 1000 characters").optional() }).strict();

/** The longest a silence may last. */
export const MAX_SILENCE_MS = 366 * 86_400_000;

export const silenceInputSchema = z
  .object({
    matchers: silenceMatchersSchema,
    endsAt: z.iso
      .datetime({ message: "must be an ISO 8601 date-time" })
      .refine((v) => Date.parse(v) > Date.now(), "must be in the future")
      .refine((v) => Date.parse(v) <= Date.now() + MAX_SILENCE_MS, "must be at most 1 year ahead"),
    comment: z.string().trim().min(3, "must be 3 to 500 characters").max(500, "must be 3 to 500 characters"),
  })
  .strict();
export type SilenceInput = z.infer<typeof silenceInputSchema>;

export const silenceDtoSchema = z.object({
  id: z.string(),
  matchers: z.record(z.string(), z.string()),
  ...strings("startsAt", "endsAt", "comment", "createdBy"),
  active: z.boolean(),
});
export type SilenceDto = z.infer<typeof silenceDtoSchema>;

export const notifierInputSchema = z
  .object({
    name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
    type: z.string().min(1, "is required").max(50, "must be at most 50 characters"),
    config: z.record(z.string().max(100, "names are at most 100 characters"), z.unknown()),
  })
  .strict();
export type NotifierInput = z.infer<typeof notifierInputSchema>;

export const notifierDtoSchema = z.object({
  ...strings("id", "name", "type"),
  target: z.string().describe("a summary of where it sends, without secrets"),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type NotifierDto = z.infer<typeof notifierDtoSchema>;

export const deliveryDtoSchema = z.object({
  id: z.string(),
  notifierId: z.string(),
  alertId: z.string().nullable(),
  status: z.string(),
  attempt: z.number(),
  ok: z.boolean(),
  httpStatus: z.number().nullable(),
  error: z.string().nullable(),
  at: z.string(),
});
export type DeliveryDto = z.infer<typeof deliveryDtoSchema>;
