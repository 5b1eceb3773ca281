// The health check form's values, their request body and their messages (see health-form.tsx).
import { placeOnFields, schemaErrors, numberReader } from "@/lib/client/form-errors";
import type { useFormState } from "@/lib/client/use-form-state";
import { healthCheckInputSchema, PROTOCOL_OPTIONS, type HealthCheckDto, type HealthProtocol } from "@/lib/contracts/health";

export const healthFieldId = (path: string) => `health-field-${path.replaceAll(".", "-")}`;

export type TextKey =
  | "service"
  | "target"
  | "intervalMs"
  | "timeoutMs"
  | "healthyThreshold"
  | "unhealthyThreshold"
  | "options.method"
  | "options.expectStatus"
  | "options.expectBody"
  | "options.bodyMatch"
  | "options.headers"
  | "options.ca"
  | "options.serviceName"
  | "options.send"
  | "options.expect"
  | "options.checker"
  | "options.config";
export type BoolKey = "options.followRedirects" | "options.insecureSkipVerify" | "options.tls";
export type HealthValues = Record<TextKey, string> & Record<BoolKey, boolean> & { protocol: HealthProtocol };
type Key = keyof HealthValues;
export type HealthFormState = ReturnType<typeof useFormState<HealthValues>>;

const COMMON: Key[] = ["service", "protocol", "target", "intervalMs", "timeoutMs", "healthyThreshold", "unhealthyThreshold"];
const HTTP: Key[] = ["options.method", "options.expectStatus", "options.expectBody", "options.bodyMatch", "options.headers", "options.followRedirects", "options.ca", "options.insecureSkipVerify"];
/** The option fields each protocol shows (and sends). */
export const OPTION_FIELDS: Record<HealthProtocol, Key[]> = {
  http: HTTP,
  https: HTTP,
  tcp: [],
  grpc: ["options.serviceName", "options.tls", "options.ca", "options.insecureSkipVerify"],
  websocket: ["options.send", "options.expect", "options.headers", "options.ca", "options.insecureSkipVerify"],
  custom: ["options.checker", "options.config"],
};
const BOOL_KEYS: Key[] = ["options.followRedirects", "options.insecureSkipVerify", "options.tls"];
/** Sent even when empty (the schema says what an empty one means). */
const ALWAYS_SENT: Key[] = ["options.serviceName", "options.expectStatus", "options.method", "options.bodyMatch", "options.checker"];

const str = (v: unknown, d = "") => (typeof v === "string" ? v : d);

export function initialHealthValues(check: HealthCheckDto | null, services: string[], presetService?: string): HealthValues {
  const o = (check?.options ?? {}) as Record<string, unknown>;
  const headers = o.headers && typeof o.headers === "object" ? Object.entries(o.headers as Record<string, string>).map(([k, v]) => `${k}: ${v}`).join("\n") : "";
  return {
    service: check?.service ?? (presetService && services.includes(presetService) ? presetService : (services[0] ?? "")),
    protocol: check?.protocol ?? "http",
    target: check?.target ?? "",
    intervalMs: String(check?.intervalMs ?? 10_000),
    timeoutMs: String(check?.timeoutMs ?? 2_000),
    healthyThreshold: String(check?.healthyThreshold ?? 2),
    unhealthyThreshold: String(check?.unhealthyThreshold ?? 3),
    "options.method": str(o.method, "GET"),
    "options.expectStatus": str(o.expectStatus, "200-399"),
    "options.expectBody": str(o.expectBody),
    "options.bodyMatch": str(o.bodyMatch, "substring"),
    "options.headers": headers,
    "options.ca": str(o.ca),
    "options.serviceName": str(o.serviceName),
    "options.send": str(o.send),
    "options.expect": str(o.expect),
    "options.checker": str(o.checker),
    "options.config": o.config && typeof o.config === "object" && Object.keys(o.config).length ? JSON.stringify(o.config, null, 2) : "",
    "options.followRedirects": o.followRedirects === true,
    "options.insecureSkipVerify": o.insecureSkipVerify === true,
    "options.tls": o.tls === true,
  };
}

function parseHeaders(raw: string): { headers?: Record<string, string>; error?: string } {
  if (!raw.trim()) return {};
  const headers: Record<string, string> = {};
  for (const line of raw.split("\n")) {
    if (!line.trim()) continue;
    const i = line.indexOf(":");
    if (i <= 0) return { error: `"${line.trim().slice(0, 40)}" is not "Name: value"`, headers };
    headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return { headers };
}

function parseConfig(raw: string): { config?: Record<string, unknown>; error?: string } {
  if (!raw.trim()) return { config: {} };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return { error: 'must be a JSON object, e.g. {"limit": 1000}' };
    return { config: parsed as Record<string, unknown> };
  } catch (err) {
    return { error: `is not valid JSON: ${(err as Error).message}` };
  }
}

/** The request body, plus errors that exist before the schema (empty, not a number, bad JSON…). */
export function buildHealthBody(v: HealthValues): { body: Record<string, unknown> & { options: Record<string, unknown> }; pre: Record<string, string> } {
  const pre: Record<string, string> = {};
  const num = numberReader(v, pre);
  const options: Record<string, unknown> = {};
  for (const k of OPTION_FIELDS[v.protocol]) {
    const name = k.slice("options.".length);
    if (BOOL_KEYS.includes(k)) options[name] = v[k as BoolKey];
    else if (k === "options.headers") {
      const h = parseHeaders(v[k]);
      if (h.error) pre[k] = h.error;
      if (h.headers) options.headers = h.headers;
    } else if (k === "options.config") {
      const c = parseConfig(v[k]);
      if (c.error) pre[k] = c.error;
      else options.config = c.config;
    } else if (ALWAYS_SENT.includes(k) || v[k as TextKey] !== "") options[name] = v[k as TextKey];
  }
  const body = {
    service: v.service,
    protocol: v.protocol,
    target: v.target,
    intervalMs: num("intervalMs"),
    timeoutMs: num("timeoutMs"),
    healthyThreshold: num("healthyThreshold"),
    unhealthyThreshold: num("unhealthyThreshold"),
    options,
  };
  return { body, pre };
}

/** Every message: the shared input schema, then the protocol's option schema. */
export function checkHealth(v: HealthValues): Record<string, string> {
  const { body, pre } = buildHealthBody(v);
  const options: Record<string, string> = {};
  for (const [k, m] of Object.entries(schemaErrors(PROTOCOL_OPTIONS[v.protocol], body.options))) options[`options.${k}`] = m;
  return { ...options, ...schemaErrors(healthCheckInputSchema, body), ...pre };
}

/** Messages onto the fields the protocol shows ("options.headers.X" → "options.headers", "X: …"). */
export const placeHealthErrors = (errors: Record<string, string>, v: HealthValues) => placeOnFields(errors, [...COMMON, ...OPTION_FIELDS[v.protocol]] as string[], true);
