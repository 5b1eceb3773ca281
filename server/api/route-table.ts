// Every /api/v1 route: method, path, role, request schemas and the answer, in one table. The route
// handlers take their role and schemas from here (see `endpoint` in ./http), and openapi.json is
// generated from it, so the document cannot drift from what is served.
import { z } from "zod";
import { apiTokenSchema, createdTokenSchema, createTokenSchema, createUserSchema, loginRequestSchema, meSchema, updateUserSchema, userSchema } from "@/lib/contracts/auth";
import { auditEntrySchema, auditQuerySchema } from "@/lib/contracts/audit";
import { roleSchema, type Role } from "@/lib/contracts/roles";
import { serviceDtoSchema, serviceSchema, serviceUpdateSchema } from "@/lib/contracts/services";
import { sloDtoSchema, sloInputSchema, sloStatusSchema } from "@/lib/contracts/slos";
import { trafficServicesSchema } from "@/lib/contracts/traffic";
import { pinRequestSchema } from "@/lib/contracts/adaptive";
import { healthCheckDtoSchema, healthCheckInputSchema, healthResultsSchema } from "@/lib/contracts/health";
import {
  alertActionSchema,
  alertDtoSchema,
  alertListQuerySchema,
  deliveriesQuerySchema,
  deliveryDtoSchema,
  notifierDtoSchema,
  notifierInputSchema,
  silenceDtoSchema,
  silenceInputSchema,
} from "@/lib/contracts/alerts";
import {
  breakerDtoSchema,
  breakerSamplePointSchema,
  breakerTransitionDtoSchema,
  bulkheadDtoSchema,
  bulkheadSamplePointSchema,
  forceRequestSchema,
  historyQuerySchema,
  liftQuerySchema,
  rangeQuerySchema,
  trafficPointSchema,
} from "@/lib/contracts/breakers";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteSpec {
  /** The smallest role allowed, or "public" (no sign-in). */
  role: Role | "public";
  summary: string;
  description?: string;
  query?: z.ZodType;
  body?: z.ZodType;
  ok: { status: number; description: string; schema?: z.ZodType };
  /** Error statuses besides 401/403 (which every non-public route has). */
  errors: readonly number[];
}

const list = <S extends z.ZodType>(s: S) => z.array(s);
const healthProtocolsSchema = z.object({ builtin: z.array(z.string()), custom: z.array(z.string()) });
const clusterSchema = z.object({ mode: z.string(), instanceId: z.string() }).loose().describe("single instance, or the cluster's instances and whether it is degraded");

export const ROUTES = {
  "POST /api/v1/auth/login": { role: "public", summary: "Sign in (sets the session cookie)", body: loginRequestSchema, ok: { status: 200, description: "signed in", schema: z.object({ user: z.object({ username: z.string(), role: roleSchema }), expiresAt: z.string() }) }, errors: [400, 401, 403, 413, 429] },
  "POST /api/v1/auth/logout": { role: "viewer", summary: "Sign out (revokes the session)", ok: { status: 200, description: "signed out" }, errors: [] },
  "GET /api/v1/auth/me": { role: "viewer", summary: "Who am I", ok: { status: 200, description: "the caller", schema: meSchema }, errors: [] },
  "GET /api/v1/users": { role: "admin", summary: "List users", ok: { status: 200, description: "users", schema: list(userSchema) }, errors: [] },
  "POST /api/v1/users": { role: "admin", summary: "Create a user", body: createUserSchema, ok: { status: 201, description: "created", schema: userSchema }, errors: [400, 409, 413] },
  "PATCH /api/v1/users/{username}": { role: "admin", summary: "Change role, disable, or reset password", body: updateUserSchema, ok: { status: 200, description: "updated", schema: userSchema }, errors: [400, 404, 409, 413] },
  "GET /api/v1/tokens": { role: "admin", summary: "List API tokens", ok: { status: 200, description: "tokens (secrets never shown)", schema: list(apiTokenSchema) }, errors: [] },
  "POST /api/v1/tokens": { role: "admin", summary: "Create an API token (the secret is shown once)", body: createTokenSchema, ok: { status: 201, description: "created", schema: createdTokenSchema }, errors: [400, 413] },
  "DELETE /api/v1/tokens/{id}": { role: "admin", summary: "Revoke an API token", ok: { status: 200, description: "revoked", schema: apiTokenSchema }, errors: [404] },
  "GET /api/v1/audit": { role: "viewer", summary: "Audit entries, newest first", description: "Page with `before` = the `at` of the last entry (also in the X-Next-Before header). Secrets in before/after are redacted.", query: auditQuerySchema, ok: { status: 200, description: "entries", schema: list(auditEntrySchema) }, errors: [400] },

  "GET /api/v1/services": { role: "viewer", summary: "List services", ok: { status: 200, description: "services with every default filled in", schema: list(serviceDtoSchema) }, errors: [] },
  "POST /api/v1/services": { role: "admin", summary: "Declare a service (applied live)", body: serviceSchema, ok: { status: 201, description: "created", schema: serviceDtoSchema }, errors: [400, 409, 413] },
  "GET /api/v1/services/{name}": { role: "viewer", summary: "One service", ok: { status: 200, description: "the service", schema: serviceDtoSchema }, errors: [404] },
  "PUT /api/v1/services/{name}": { role: "admin", summary: "Replace a service's settings (applied live; the breaker keeps its state)", description: "Services declared in the config file answer 409.", body: serviceUpdateSchema, ok: { status: 200, description: "updated", schema: serviceDtoSchema }, errors: [400, 404, 409, 413] },
  "DELETE /api/v1/services/{name}": { role: "admin", summary: "Remove a service", ok: { status: 204, description: "removed" }, errors: [404, 409] },
  "GET /api/v1/breakers": { role: "viewer", summary: "Breakers, open and forced first", ok: { status: 200, description: "breakers", schema: list(breakerDtoSchema) }, errors: [] },
  "GET /api/v1/breakers/{name}": { role: "viewer", summary: "One breaker", ok: { status: 200, description: "the breaker", schema: breakerDtoSchema }, errors: [404] },
  "GET /api/v1/breakers/{name}/transitions": { role: "viewer", summary: "Transition history, newest first", query: historyQuerySchema, ok: { status: 200, description: "transitions", schema: list(breakerTransitionDtoSchema) }, errors: [400, 404] },
  "POST /api/v1/breakers/{name}/force": { role: "operator", summary: "Force open or closed (audited)", body: forceRequestSchema, ok: { status: 200, description: "the breaker", schema: breakerDtoSchema }, errors: [400, 404, 413] },
  "DELETE /api/v1/breakers/{name}/force": { role: "operator", summary: "Lift the override (audited)", description: "to=half_open (default): trial calls decide whether the upstream is back; to=closed: closed at once with empty windows.", query: liftQuerySchema, ok: { status: 200, description: "the breaker", schema: breakerDtoSchema }, errors: [400, 404] },
  "POST /api/v1/breakers/{name}/reset": { role: "operator", summary: "Reset (→ closed, empty windows, open-time backoff to base)", ok: { status: 200, description: "the breaker", schema: breakerDtoSchema }, errors: [404] },
  "GET /api/v1/breakers/{name}/samples": { role: "viewer", summary: "Calls per interval for charts", description: "A preset range ending now, or from/to (ISO 8601, at most 31 days apart). Points are 10 s up to 1 h, 1 min up to 6 h, 5 min up to 24 h, 1 h beyond.", query: rangeQuerySchema, ok: { status: 200, description: "points", schema: list(breakerSamplePointSchema) }, errors: [400, 404] },
  "GET /api/v1/bulkheads": { role: "viewer", summary: "Bulkheads with per-user top keys", ok: { status: 200, description: "bulkheads", schema: list(bulkheadDtoSchema) }, errors: [] },
  "GET /api/v1/bulkheads/{service}": { role: "viewer", summary: "One service's bulkhead", ok: { status: 200, description: "the bulkhead", schema: bulkheadDtoSchema }, errors: [404] },
  "POST /api/v1/bulkheads/{service}/pin": { role: "operator", summary: "Pin an adaptive bulkhead's limit for ttlSeconds (audited; cluster-wide)", description: "409 when the service's bulkhead is not adaptive; 400 when limit is above its maxLimit.", body: pinRequestSchema, ok: { status: 200, description: "the bulkhead", schema: bulkheadDtoSchema }, errors: [400, 404, 409, 413] },
  "DELETE /api/v1/bulkheads/{service}/pin": { role: "operator", summary: "Remove the pin: the algorithm's limit applies again (audited)", ok: { status: 200, description: "the bulkhead", schema: bulkheadDtoSchema }, errors: [404, 409] },
  "GET /api/v1/bulkheads/{service}/samples": { role: "viewer", summary: "Bulkhead occupancy per interval for charts", query: rangeQuerySchema, ok: { status: 200, description: "points", schema: list(bulkheadSamplePointSchema) }, errors: [400, 404] },
  "GET /api/v1/traffic/services": { role: "viewer", summary: "Per-service answers by outcome, requests/s, error and rejection %, latency quantiles and 10-s history (this instance)", ok: { status: 200, description: "services, worst first", schema: trafficServicesSchema }, errors: [] },
  "GET /api/v1/traffic": { role: "viewer", summary: "Gateway traffic and error rate across services, per interval", query: rangeQuerySchema, ok: { status: 200, description: "points", schema: list(trafficPointSchema) }, errors: [400] },
  "GET /api/v1/cluster": { role: "viewer", summary: "Single instance, or the cluster's instances and whether it is degraded (Redis unreachable)", ok: { status: 200, description: "cluster status", schema: clusterSchema }, errors: [] },

  "GET /api/v1/health-checks": { role: "viewer", summary: "Health checks with their status", description: "Secret option values (every header value, password/token fields) show as \"[redacted]\".", ok: { status: 200, description: "health checks", schema: list(healthCheckDtoSchema) }, errors: [] },
  "POST /api/v1/health-checks": { role: "admin", summary: "Add a health check (started at once)", body: healthCheckInputSchema, ok: { status: 201, description: "created", schema: healthCheckDtoSchema }, errors: [400, 413] },
  "GET /api/v1/health-checks/{id}": { role: "viewer", summary: "One health check", ok: { status: 200, description: "the check", schema: healthCheckDtoSchema }, errors: [404] },
  "PUT /api/v1/health-checks/{id}": { role: "admin", summary: "Replace a health check's settings", description: "A secret sent back as \"[redacted]\" keeps the stored value.", body: healthCheckInputSchema, ok: { status: 200, description: "updated", schema: healthCheckDtoSchema }, errors: [400, 404, 413] },
  "DELETE /api/v1/health-checks/{id}": { role: "admin", summary: "Remove a health check", ok: { status: 204, description: "removed" }, errors: [404] },
  "GET /api/v1/health-checks/{id}/results": { role: "viewer", summary: "Recent results and per-minute aggregates of one check", ok: { status: 200, description: "results", schema: healthResultsSchema }, errors: [404] },
  "GET /api/v1/health-checkers": { role: "viewer", summary: "The protocols health checks can use: built-in and registered custom checkers", ok: { status: 200, description: "checkers", schema: healthProtocolsSchema }, errors: [] },

  "GET /api/v1/slos": { role: "viewer", summary: "SLOs, least remaining budget first", ok: { status: 200, description: "SLOs with their current status (no series)", schema: list(sloDtoSchema) }, errors: [] },
  "POST /api/v1/slos": { role: "operator", summary: "Create an SLO", body: sloInputSchema, ok: { status: 201, description: "created", schema: sloDtoSchema }, errors: [400, 413] },
  "GET /api/v1/slos/{id}": { role: "viewer", summary: "One SLO", ok: { status: 200, description: "the SLO", schema: sloDtoSchema }, errors: [404] },
  "PUT /api/v1/slos/{id}": { role: "operator", summary: "Replace an SLO (history kept unless the SLI or service changes)", body: sloInputSchema, ok: { status: 200, description: "updated", schema: sloDtoSchema }, errors: [400, 404, 413] },
  "DELETE /api/v1/slos/{id}": { role: "operator", summary: "Delete an SLO", ok: { status: 204, description: "deleted" }, errors: [404] },
  "GET /api/v1/slos/{id}/status": { role: "viewer", summary: "SLI, error budget, burn rates, projected exhaustion and the burn-down series", ok: { status: 200, description: "status", schema: sloStatusSchema }, errors: [404] },
  "GET /api/v1/alerts": { role: "viewer", summary: "Alerts, newest first", query: alertListQuerySchema, ok: { status: 200, description: "alerts", schema: list(alertDtoSchema) }, errors: [400] },
  "GET /api/v1/alerts/{id}": { role: "viewer", summary: "One alert", ok: { status: 200, description: "the alert", schema: alertDtoSchema }, errors: [404] },
  "POST /api/v1/alerts/{id}/ack": { role: "operator", summary: "Acknowledge (with an optional comment)", body: alertActionSchema, ok: { status: 200, description: "the alert", schema: alertDtoSchema }, errors: [400, 404, 413] },
  "POST /api/v1/alerts/{id}/resolve": { role: "operator", summary: "Resolve (with an optional comment)", body: alertActionSchema, ok: { status: 200, description: "the alert", schema: alertDtoSchema }, errors: [400, 404, 413] },
  "GET /api/v1/silences": { role: "viewer", summary: "Silences (active and expired)", ok: { status: 200, description: "silences", schema: list(silenceDtoSchema) }, errors: [] },
  "POST /api/v1/silences": { role: "operator", summary: "Silence alerts whose labels match every matcher (value, or ~RE2 regex) until endsAt", description: "Patterns are RE2 (no backreferences or lookaround), at most 1024 characters; a label value above 1024 characters never matches a regex.", body: silenceInputSchema, ok: { status: 201, description: "created", schema: silenceDtoSchema }, errors: [400, 413] },
  "DELETE /api/v1/silences/{id}": { role: "operator", summary: "Expire a silence now", ok: { status: 200, description: "expired", schema: silenceDtoSchema }, errors: [404] },
  "GET /api/v1/notifiers": { role: "admin", summary: "Notifiers", ok: { status: 200, description: "notifiers (their configuration, with its secrets, is never shown)", schema: list(notifierDtoSchema) }, errors: [] },
  "POST /api/v1/notifiers": { role: "admin", summary: "Add a notifier (type webhook: config {url, headers?, timeoutMs?})", body: notifierInputSchema, ok: { status: 201, description: "created", schema: notifierDtoSchema }, errors: [400, 409, 413] },
  "DELETE /api/v1/notifiers/{id}": { role: "admin", summary: "Remove a notifier", ok: { status: 204, description: "removed" }, errors: [404] },
  "POST /api/v1/notifiers/{id}/test": { role: "admin", summary: "Send a test notification now", ok: { status: 200, description: "the delivery", schema: deliveryDtoSchema }, errors: [404] },
  "GET /api/v1/deliveries": { role: "admin", summary: "Notification delivery log, newest first", query: deliveriesQuerySchema, ok: { status: 200, description: "deliveries", schema: list(deliveryDtoSchema) }, errors: [400] },
  "GET /api/v1/openapi.json": { role: "public", summary: "This document", ok: { status: 200, description: "OpenAPI 3.1" }, errors: [] },
} as const satisfies Record<`${HttpMethod} /api/v1/${string}`, RouteSpec>;

export type RouteKey = keyof typeof ROUTES;
