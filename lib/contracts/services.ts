// The service schema (docs/GATEWAY.md "Services"): every block optional and merged over its defaults.
// Shared by the API, the YAML config file and the dashboard's form.
import { z } from "zod";
import { breakerOptionsShape, breakerWaitRule } from "@/lib/engine/breaker/options";
import { durationMs, MAX_DURATION_MS } from "@/lib/engine/bounds";
import { bulkheadOptionsSchema, perUserBulkheadOptionsSchema } from "@/lib/engine/bulkhead/options";
import { retryOptionsSchema } from "@/lib/engine/retry/options";
import { adaptiveServiceSchema } from "./adaptive";

export const serviceNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be 1–63 lower-case letters, digits, '-' or '_', starting with a letter or digit");

export const baseUrlSchema = z
  .string()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "http:" || u.protocol === "https:") && !u.search && !u.hash && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "must be an http:// or https:// URL without query, fragment or credentials");

export const userKeySpecSchema = z
  .string()
  .regex(/^(ip|header:[A-Za-z0-9!#$%&'*+.^_`|~-]+|query:[^\s&=]+)$/, "must be header:<name>, query:<name> or ip");

/**
 * The gateway's breaker: the engine's options, except that a half-open breaker that has not
 * reached a verdict after a minute re-opens (a trial whose request never ends must not wedge it).
 */
const serviceBreakerSchema = z
  .object({ ...breakerOptionsShape, maxWaitInHalfOpenMs: durationMs(MAX_DURATION_MS).default(60_000) })
  .strict()
  .refine(breakerWaitRule.check, breakerWaitRule.params);

/** The service bulkhead: static `maxConcurrent`, or an adaptive limit when `adaptive` is set (docs/GATEWAY.md). */
const serviceBulkheadSchema = bulkheadOptionsSchema.extend({ adaptive: adaptiveServiceSchema.optional() }).strict();

const perUserSchema = perUserBulkheadOptionsSchema.extend({ key: userKeySpecSchema.default("header:x-user-id") }).strict();

export const serviceSchema = z
  .object({
    name: serviceNameSchema,
    baseUrl: baseUrlSchema,
    timeoutMs: z.number().int().min(1, "must be at least 1 ms").max(600_000, "must be at most 600000 ms (10 min)").default(10_000),
    breaker: serviceBreakerSchema.prefault({}),
    bulkhead: serviceBulkheadSchema.prefault({}),
    perUserBulkhead: perUserSchema.optional(),
    retry: retryOptionsSchema.strict().prefault({}),
    /** Cluster mode: open only when at least tripQuorum instances each see the failure rate. */
    cluster: z
      .object({ tripQuorum: z.number().int().min(1, "must be at least 1").max(100).default(1) })
      .strict()
      .prefault({}),
  })
  .strict();

/** A service as stored and returned: every default filled in. */
export type Service = z.output<typeof serviceSchema>;
/** A service as written by a user: blocks and fields optional. */
export type ServiceInput = z.input<typeof serviceSchema>;

/** PUT /services/{name}: the name comes from the path (a body name, if given, must match). */
export const serviceUpdateSchema = serviceSchema.omit({ name: true }).extend({ name: serviceNameSchema.optional() }).strict();

export const serviceDtoSchema = z.object({
  ...serviceSchema.shape,
  source: z.enum(["api", "file"]),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ServiceDto = z.infer<typeof serviceDtoSchema>;

/** The YAML/JSON config file (BREAKWATER_CONFIG). */
export const configFileSchema = z
  .object({
    services: z.array(serviceSchema).default([]),
    /** Modules (paths relative to the config file) whose default export is a custom health checker or an array of them. */
    healthCheckers: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type ConfigFile = z.output<typeof configFileSchema>;
