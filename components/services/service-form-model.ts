// The service form's fields (one per setting of the shared `serviceSchema`), the request body they
// make and their messages (see service-form.tsx).
import { placeOnFields, schemaErrors } from "@/lib/client/form-errors";
import { serviceSchema, type ServiceDto } from "@/lib/contracts/services";
import { ADAPTIVE_ALGORITHM, ADAPTIVE_FIELDS, adaptiveChoice, adaptiveInitialValues, adaptiveSpecs } from "./service-form-adaptive";

export type Kind = "text" | "int" | "number" | "list";
export interface Spec {
  path: string;
  label: string;
  kind: Kind;
  hint?: string;
  unit?: string;
}
export type WindowType = "count" | "time";
export type ServiceValues = Record<string, string>;

/** Until the shared breaker schema has this setting the form neither shows nor sends it. */

export const BASICS: Spec[] = [
  { path: "baseUrl", label: "Base URL", kind: "text", hint: "http(s)://host:port/prefix — the gateway's /<name>/x goes to <baseUrl>/x" },
  { path: "timeoutMs", label: "Timeout", kind: "int", unit: "ms", hint: "Per attempt, 1–600000" },
];
export const BREAKER: Spec[] = [
  { path: "breaker.failureRateThreshold", label: "Failure-rate threshold", kind: "number", unit: "%", hint: "Trip at or above, 1–100" },
  { path: "breaker.slowCallRateThreshold", label: "Slow-call-rate threshold", kind: "number", unit: "%", hint: "1–100" },
  { path: "breaker.slowCallDurationMs", label: "Slow call after", kind: "int", unit: "ms" },
  { path: "breaker.consecutiveFailures", label: "Consecutive failures", kind: "int", hint: "Trip after this many in a row; 0 = off" },
  { path: "breaker.minimumCalls", label: "Minimum calls", kind: "int", hint: "Before rates are evaluated" },
  // the window type and size come here (not plain fields)
  { path: "breaker.waitInOpenMs", label: "Wait in open", kind: "int", unit: "ms" },
  { path: "breaker.maxWaitInOpenMs", label: "Max wait in open", kind: "int", unit: "ms", hint: "Cap of the doubling back-off" },
  { path: "breaker.maxWaitInHalfOpenMs", label: "Max wait in half-open", kind: "int", unit: "ms", hint: "Open again if the trials have not decided by then; 0 disables" },
  { path: "breaker.halfOpenMaxCalls", label: "Half-open trial calls", kind: "int" },
  { path: "breaker.successThreshold", label: "Successes to close", kind: "int" },
  { path: "breaker.failureStatusCodes", label: "Failure status codes", kind: "list", hint: "Comma-separated, e.g. 500, 502, 503, 504" },
];
/** Where the window fields go among BREAKER. */
export const WINDOW_AT = 5;
export const BULKHEAD: Spec[] = [
  { path: "bulkhead.maxConcurrent", label: "Max concurrent", kind: "int" },
  { path: "bulkhead.maxQueue", label: "Max queue", kind: "int", hint: "0 = reject at once when full" },
  { path: "bulkhead.queueTimeoutMs", label: "Queue timeout", kind: "int", unit: "ms", hint: "0 = wait for a slot" },
];
export const PER_USER: Spec[] = [
  { path: "perUserBulkhead.key", label: "User key", kind: "text", hint: "header:<name>, query:<name> or ip" },
  { path: "perUserBulkhead.maxConcurrent", label: "Max concurrent per key", kind: "int" },
  { path: "perUserBulkhead.maxQueue", label: "Max queue per key", kind: "int" },
  { path: "perUserBulkhead.queueTimeoutMs", label: "Queue timeout per key", kind: "int", unit: "ms" },
  { path: "perUserBulkhead.maxKeys", label: "Keys tracked at most", kind: "int" },
];
export const RETRY: Spec[] = [
  { path: "retry.maxAttempts", label: "Max attempts", kind: "int", hint: "Including the first; 1 = no retries" },
  { path: "retry.initialDelayMs", label: "Initial delay", kind: "int", unit: "ms" },
  { path: "retry.maxDelayMs", label: "Max delay", kind: "int", unit: "ms" },
  { path: "retry.multiplier", label: "Multiplier", kind: "number" },
  // the jitter comes here (a choice)
  { path: "retry.retryOn", label: "Retry on status codes", kind: "list", hint: "Comma-separated" },
  { path: "retry.budgetPercent", label: "Retry budget", kind: "number", unit: "%", hint: "Of calls over the last 10 s" },
];
/** Where the jitter goes among RETRY. */
export const JITTER_AT = 4;
const ALL: Spec[] = [...BASICS, ...BREAKER, ...BULKHEAD, ...PER_USER, ...RETRY];
const FIELDS = ["name", "breaker.window.type", "breaker.window.size", "breaker.window.seconds", "retry.jitter", ...ALL.map((s) => s.path), ...ADAPTIVE_FIELDS];

export const serviceFieldId = (path: string) => `field-${path.replaceAll(".", "-")}`;

function get(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}
function set(obj: Record<string, unknown>, path: string, v: unknown) {
  const keys = path.split(".");
  let o = obj;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys[keys.length - 1]!] = v;
}

const PER_USER_DEFAULTS = { key: "header:x-user-id", maxConcurrent: 10, maxQueue: 0, queueTimeoutMs: 0, maxKeys: 10000 };

export function initialServiceValues(s: ServiceDto | null): { values: ServiceValues; perUser: boolean } {
  const base = s ?? serviceSchema.parse({ name: "x", baseUrl: "http://localhost" });
  const values: ServiceValues = { name: s?.name ?? "", baseUrl: s?.baseUrl ?? "" };
  for (const spec of ALL) {
    if (spec.path === "baseUrl") continue;
    const v = spec.path.startsWith("perUserBulkhead.") ? get(base.perUserBulkhead ?? PER_USER_DEFAULTS, spec.path.slice(16)) : get(base, spec.path);
    values[spec.path] = Array.isArray(v) ? v.join(", ") : v === undefined ? "" : String(v);
  }
  const w = base.breaker.window;
  values["breaker.window.type"] = w.type;
  values["breaker.window.size"] = w.type === "count" ? String(w.size) : "100";
  values["breaker.window.seconds"] = w.type === "time" ? String(w.seconds) : "60";
  values["retry.jitter"] = base.retry.jitter;
  Object.assign(values, adaptiveInitialValues(base.bulkhead.adaptive));
  return { values, perUser: Boolean(base.perUserBulkhead) };
}

export const windowPath = (values: ServiceValues) => (values["breaker.window.type"] === "time" ? "breaker.window.seconds" : "breaker.window.size");

/** The body to send plus the errors that exist before zod (empty, not a number, bad list). */
export function buildServiceBody(values: ServiceValues, perUser: boolean) {
  const out: Record<string, unknown> = {};
  const pre: Record<string, string> = {};
  const convert = (path: string, kind: Kind) => {
    const raw = (values[path] ?? "").trim();
    if (kind === "text") return set(out, path, raw);
    if (kind === "list") {
      const nums = (raw ? raw.split(/[\s,]+/).filter(Boolean) : []).map(Number);
      if (nums.some((n) => !Number.isInteger(n))) pre[path] = "must be a comma-separated list of HTTP status codes";
      return set(out, path, nums);
    }
    if (raw === "") return void (pre[path] = "is required");
    const n = Number(raw);
    if (!Number.isFinite(n)) return void (pre[path] = "must be a number");
    set(out, path, n);
  };
  out.name = (values.name ?? "").trim();
  for (const spec of ALL) if (perUser || !spec.path.startsWith("perUserBulkhead.")) convert(spec.path, spec.kind);
  set(out, "breaker.window.type", values["breaker.window.type"]);
  convert(windowPath(values), "int");
  set(out, "retry.jitter", values["retry.jitter"]);
  // off = no `adaptive` block at all (the static maxConcurrent applies, as before)
  const adaptive = adaptiveChoice(values);
  if (adaptive !== "off") {
    set(out, ADAPTIVE_ALGORITHM, adaptive);
    for (const spec of adaptiveSpecs(values)) convert(spec.path, spec.kind);
  }
  return { body: out, pre };
}

/** Every message by field; an existing service's name is fixed, so it is not checked. */
export function checkService(values: ServiceValues, perUser: boolean, isNew: boolean): Record<string, string> {
  const { body, pre } = buildServiceBody(values, perUser);
  if (!isNew) body.name = values.name || "x";
  return schemaErrors(serviceSchema, body, pre);
}

/** List items ("retry.retryOn.2") belong to the list's field. */
export const placeServiceErrors = (errors: Record<string, string>) => placeOnFields(errors, FIELDS);
