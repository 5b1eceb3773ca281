// The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import {
  apiTokenSchema,
  createdTokenSchema,
  createTokenSchema,
  createUserSchema,
  loginRequestSchema,
  meSchema,
  updateUserSchema,
  userSchema,
} from "@/lib/contracts/auth";
import { auditEntrySchema, auditQuerySchema } from "@/lib/contracts/audit";
import { errorBodySchema } from "@/lib/contracts/errors";
import { roleSchema } from "@/lib/contracts/roles";
import { serviceDtoSchema, serviceSchema, serviceUpdateSchema } from "@/lib/contracts/services";
import { sloDtoSchema, sloInputSchema, sloStatusSchema } from "@/lib/contracts/slos";
import {
  alertActionSchema,
  alertDtoSchema,
  alertListQuerySchema,
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
  rangeQuerySchema,
  trafficPointSchema,
} from "@/lib/contracts/breakers";
import { json, route } from "./http";

type Role = z.infer<typeof roleSchema> | "public";

function buildDocument() {
  const registry = new OpenAPIRegistry();
  const Error = errorBodySchema.meta({ id: "Error" });
  registry.registerComponent("securitySchemes", "session", { type: "apiKey", in: "cookie", name: "bw_session" });
  registry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });

  const errors = (codes: number[]) =>
    Object.fromEntries(
      codes.map((c) => [c, { description: ERROR_TEXT[c] ?? "error", content: { "application/json": { schema: Error } } }]),
    );
  const ERROR_TEXT: Record<number, string> = {
    400: "validation_failed: one detail per bad field",
    401: "unauthorized: not signed in and no valid bearer token",
    403: "forbidden: role too small, or a cross-origin cookie mutation",
    404: "not_found",
    409: "conflict",
    429: "too_many_attempts (with Retry-After)",
  };
  const add = (role: Role, cfg: Omit<RouteConfig, "responses"> & { ok: { status: number; schema?: z.ZodType; description: string }; errors: number[] }) => {
    const { ok, errors: errs, ...rest } = cfg;
    registry.registerPath({
      ...rest,
      description: `${rest.description ?? ""}${role === "public" ? "Public." : `Needs the ${role} role.`}`.trim(),
      security: role === "public" ? [] : [{ session: [] }, { bearer: [] }],
      responses: {
        [ok.status]: { description: ok.description, ...(ok.schema ? { content: { "application/json": { schema: ok.schema } } } : {}) },
        ...errors(role === "public" ? errs : [401, 403, ...errs]),
      },
    });
  };
  const body = (schema: z.ZodType) => ({ body: { content: { "application/json": { schema } } } });

  add("public", { method: "post", path: "/api/v1/auth/login", summary: "Sign in (sets the session cookie)", request: body(loginRequestSchema), ok: { status: 200, description: "signed in", schema: z.object({ user: z.object({ username: z.string(), role: roleSchema }), expiresAt: z.string() }) }, errors: [400, 401, 403, 429] });
  add("viewer", { method: "post", path: "/api/v1/auth/logout", summary: "Sign out (revokes the session)", ok: { status: 200, description: "signed out" }, errors: [] });
  add("viewer", { method: "get", path: "/api/v1/auth/me", summary: "Who am I", ok: { status: 200, description: "the caller", schema: meSchema }, errors: [] });
  add("admin", { method: "get", path: "/api/v1/users", summary: "List users", ok: { status: 200, description: "users", schema: z.array(userSchema) }, errors: [] });
  add("admin", { method: "post", path: "/api/v1/users", summary: "Create a user", request: body(createUserSchema), ok: { status: 201, description: "created", schema: userSchema }, errors: [400, 409] });
  add("admin", { method: "patch", path: "/api/v1/users/{username}", summary: "Change role, disable, or reset password", request: { params: z.object({ username: z.string() }), ...body(updateUserSchema) }, ok: { status: 200, description: "updated", schema: userSchema }, errors: [400, 404, 409] });
  add("admin", { method: "get", path: "/api/v1/tokens", summary: "List API tokens", ok: { status: 200, description: "tokens (secrets never shown)", schema: z.array(apiTokenSchema) }, errors: [] });
  add("admin", { method: "post", path: "/api/v1/tokens", summary: "Create an API token (the secret is shown once)", request: body(createTokenSchema), ok: { status: 201, description: "created", schema: createdTokenSchema }, errors: [400] });
  add("admin", { method: "delete", path: "/api/v1/tokens/{id}", summary: "Revoke an API token", request: { params: z.object({ id: z.string() }) }, ok: { status: 200, description: "revoked", schema: apiTokenSchema }, errors: [404] });
  add("viewer", { method: "get", path: "/api/v1/audit", summary: "Audit entries, newest first", description: "Page with `before` = the `at` of the last entry (also in the X-Next-Before header). ", request: { query: auditQuerySchema }, ok: { status: 200, description: "entries", schema: z.array(auditEntrySchema) }, errors: [400] });

  const name = { params: z.object({ name: z.string() }) };
  add("viewer", { method: "get", path: "/api/v1/services", summary: "List services", ok: { status: 200, description: "services with every default filled in", schema: z.array(serviceDtoSchema) }, errors: [] });
  add("admin", { method: "post", path: "/api/v1/services", summary: "Declare a service (applied live)", request: body(serviceSchema), ok: { status: 201, description: "created", schema: serviceDtoSchema }, errors: [400, 409] });
  add("viewer", { method: "get", path: "/api/v1/services/{name}", summary: "One service", request: name, ok: { status: 200, description: "the service", schema: serviceDtoSchema }, errors: [404] });
  add("admin", { method: "put", path: "/api/v1/services/{name}", summary: "Replace a service's settings (applied live; the breaker keeps its state)", description: "Services declared in the config file answer 409. ", request: { ...name, ...body(serviceUpdateSchema) }, ok: { status: 200, description: "updated", schema: serviceDtoSchema }, errors: [400, 404, 409] });
  add("admin", { method: "delete", path: "/api/v1/services/{name}", summary: "Remove a service", request: name, ok: { status: 204, description: "removed" }, errors: [404, 409] });
  add("viewer", { method: "get", path: "/api/v1/breakers", summary: "Breakers, open and forced first", ok: { status: 200, description: "breakers", schema: z.array(breakerDtoSchema) }, errors: [] });
  add("viewer", { method: "get", path: "/api/v1/breakers/{name}", summary: "One breaker", request: name, ok: { status: 200, description: "the breaker", schema: breakerDtoSchema }, errors: [404] });
  add("viewer", { method: "get", path: "/api/v1/breakers/{name}/transitions", summary: "Transition history, newest first", request: { ...name, query: historyQuerySchema }, ok: { status: 200, description: "transitions", schema: z.array(breakerTransitionDtoSchema) }, errors: [400, 404] });
  add("operator", { method: "post", path: "/api/v1/breakers/{name}/force", summary: "Force open or closed (audited)", request: { ...name, ...body(forceRequestSchema) }, ok: { status: 200, description: "the breaker", schema: breakerDtoSchema }, errors: [400, 404] });
  add("operator", { method: "delete", path: "/api/v1/breakers/{name}/force", summary: "Lift the override (→ closed, empty windows)", request: name, ok: { status: 200, description: "the breaker", schema: breakerDtoSchema }, errors: [404] });
  add("operator", { method: "post", path: "/api/v1/breakers/{name}/reset", summary: "Reset (→ closed, empty windows, open-time backoff to base)", request: name, ok: { status: 200, description: "the breaker", schema: breakerDtoSchema }, errors: [404] });
  add("viewer", { method: "get", path: "/api/v1/bulkheads", summary: "Bulkheads with per-user top keys", ok: { status: 200, description: "bulkheads", schema: z.array(bulkheadDtoSchema) }, errors: [] });
  add("viewer", { method: "get", path: "/api/v1/bulkheads/{service}", summary: "One service's bulkhead", request: { params: z.object({ service: z.string() }) }, ok: { status: 200, description: "the bulkhead", schema: bulkheadDtoSchema }, errors: [404] });
  add("viewer", { method: "get", path: "/api/v1/breakers/{name}/samples", summary: "Calls per interval for charts", description: "10 s points for 15m and 1h, 5 min points for 24h. ", request: { ...name, query: rangeQuerySchema }, ok: { status: 200, description: "points", schema: z.array(breakerSamplePointSchema) }, errors: [400, 404] });
  add("viewer", { method: "get", path: "/api/v1/bulkheads/{service}/samples", summary: "Bulkhead occupancy per interval for charts", request: { params: z.object({ service: z.string() }), query: rangeQuerySchema }, ok: { status: 200, description: "points", schema: z.array(bulkheadSamplePointSchema) }, errors: [400, 404] });
  add("viewer", { method: "get", path: "/api/v1/traffic", summary: "Gateway traffic and error rate across services, per interval", request: { query: rangeQuerySchema }, ok: { status: 200, description: "points", schema: z.array(trafficPointSchema) }, errors: [400] });
  const id = { params: z.object({ id: z.string() }) };
  add("viewer", { method: "get", path: "/api/v1/slos", summary: "SLOs, least remaining budget first", ok: { status: 200, description: "SLOs with their current status (no series)", schema: z.array(sloDtoSchema) }, errors: [] });
  add("operator", { method: "post", path: "/api/v1/slos", summary: "Create an SLO", request: body(sloInputSchema), ok: { status: 201, description: "created", schema: sloDtoSchema }, errors: [400] });
  add("viewer", { method: "get", path: "/api/v1/slos/{id}", summary: "One SLO", request: id, ok: { status: 200, description: "the SLO", schema: sloDtoSchema }, errors: [404] });
  add("operator", { method: "put", path: "/api/v1/slos/{id}", summary: "Replace an SLO (history kept unless the SLI or service changes)", request: { ...id, ...body(sloInputSchema) }, ok: { status: 200, description: "updated", schema: sloDtoSchema }, errors: [400, 404] });
  add("operator", { method: "delete", path: "/api/v1/slos/{id}", summary: "Delete an SLO", request: id, ok: { status: 204, description: "deleted" }, errors: [404] });
  add("viewer", { method: "get", path: "/api/v1/slos/{id}/status", summary: "SLI, error budget, burn rates, projected exhaustion and the burn-down series", request: id, ok: { status: 200, description: "status", schema: sloStatusSchema }, errors: [404] });
  add("viewer", { method: "get", path: "/api/v1/alerts", summary: "Alerts, newest first", request: { query: alertListQuerySchema }, ok: { status: 200, description: "alerts", schema: z.array(alertDtoSchema) }, errors: [400] });
  add("viewer", { method: "get", path: "/api/v1/alerts/{id}", summary: "One alert", request: id, ok: { status: 200, description: "the alert", schema: alertDtoSchema }, errors: [404] });
  add("operator", { method: "post", path: "/api/v1/alerts/{id}/ack", summary: "Acknowledge (with an optional comment)", request: { ...id, ...body(alertActionSchema) }, ok: { status: 200, description: "the alert", schema: alertDtoSchema }, errors: [400, 404, 409] });
  add("operator", { method: "post", path: "/api/v1/alerts/{id}/resolve", summary: "Resolve (with an optional comment)", request: { ...id, ...body(alertActionSchema) }, ok: { status: 200, description: "the alert", schema: alertDtoSchema }, errors: [400, 404] });
  add("viewer", { method: "get", path: "/api/v1/silences", summary: "Silences (active and expired)", ok: { status: 200, description: "silences", schema: z.array(silenceDtoSchema) }, errors: [] });
  add("operator", { method: "post", path: "/api/v1/silences", summary: "Silence alerts whose labels match every matcher (value, or ~regex) until endsAt", request: body(silenceInputSchema), ok: { status: 201, description: "created", schema: silenceDtoSchema }, errors: [400] });
  add("operator", { method: "delete", path: "/api/v1/silences/{id}", summary: "Expire a silence now", request: id, ok: { status: 200, description: "expired", schema: silenceDtoSchema }, errors: [404] });
  add("admin", { method: "get", path: "/api/v1/notifiers", summary: "Notifiers", ok: { status: 200, description: "notifiers", schema: z.array(notifierDtoSchema) }, errors: [] });
  add("admin", { method: "post", path: "/api/v1/notifiers", summary: "Add a notifier (type webhook: config {url, headers?, timeoutMs?})", request: body(notifierInputSchema), ok: { status: 201, description: "created", schema: notifierDtoSchema }, errors: [400, 409] });
  add("admin", { method: "delete", path: "/api/v1/notifiers/{id}", summary: "Remove a notifier", request: id, ok: { status: 204, description: "removed" }, errors: [404] });
  add("admin", { method: "post", path: "/api/v1/notifiers/{id}/test", summary: "Send a test notification now", request: id, ok: { status: 200, description: "the delivery", schema: deliveryDtoSchema }, errors: [404] });
  add("admin", { method: "get", path: "/api/v1/deliveries", summary: "Notification delivery log, newest first", request: { query: z.object({ notifierId: z.string().optional(), limit: z.number().optional() }) }, ok: { status: 200, description: "deliveries", schema: z.array(deliveryDtoSchema) }, errors: [400] });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Breakwater API",
      version: "1",
      description: "Resilience control plane. Errors use one JSON shape: { error: { code, message, details? } }. See docs/API.md.",
    },
    servers: [{ url: "/" }],
  });
}

let cached: ReturnType<typeof buildDocument> | undefined;
export const openapiDocument = route({ public: true }, async () => json((cached ??= buildDocument())));
