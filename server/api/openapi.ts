// The OpenAPI 3.1 document, generated from the route table the handlers are served from.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { errorBodySchema } from "@/lib/contracts/errors";
import { endpoint } from "./endpoint";
import { json } from "./http";
import { ROUTES, type HttpMethod, type RouteSpec } from "./route-table";

const ERROR_TEXT: Record<number, string> = {
  400: "validation_failed: one detail per bad field",
  401: "unauthorized: not signed in and no valid bearer token",
  403: "forbidden: role too small, or a cross-origin cookie mutation",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large: the body is above BREAKWATER_API_MAX_BODY_BYTES",
  429: "too_many_attempts (with Retry-After)",
};

const pathParams = (path: string) => {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return names.length ? { params: z.object(Object.fromEntries(names.map((n) => [n, z.string()]))) } : {};
};

export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  const ErrorBody = errorBodySchema.meta({ id: "Error" });
  registry.registerComponent("securitySchemes", "session", { type: "apiKey", in: "cookie", name: "bw_session" });
  registry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  const errors = (codes: readonly number[]) =>
    Object.fromEntries(codes.map((c) => [c, { description: ERROR_TEXT[c] ?? "error", content: { "application/json": { schema: ErrorBody } } }]));

  for (const [key, spec] of Object.entries(ROUTES) as [string, RouteSpec][]) {
    const [method, path] = key.split(" ") as [HttpMethod, string];
    const isPublic = spec.role === "public";
    registry.registerPath({
      method: method.toLowerCase() as Lowercase<HttpMethod>,
      path,
      summary: spec.summary,
      description: `${spec.description ? `${spec.description} ` : ""}${isPublic ? "Public." : `Needs the ${spec.role} role.`}`,
      security: isPublic ? [] : [{ session: [] }, { bearer: [] }],
      request: {
        ...pathParams(path),
        ...(spec.query ? { query: spec.query as z.ZodObject } : {}),
        ...(spec.body ? { body: { content: { "application/json": { schema: spec.body } } } } : {}),
      },
      responses: {
        [spec.ok.status]: { description: spec.ok.description, ...(spec.ok.schema ? { content: { "application/json": { schema: spec.ok.schema } } } : {}) },
        ...errors(isPublic ? spec.errors : [401, 403, ...spec.errors]),
      },
    });
  }

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

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;
export const openapiDocument = endpoint("GET /api/v1/openapi.json", async () => json((cached ??= buildOpenApiDocument())));
