"use client";
// Create / edit a health check (admin). The fields follow the chosen protocol; validated with the
// shared `healthCheckInputSchema` and `PROTOCOL_OPTIONS[protocol]` on blur and on submit; messages
// under the fields (ids `health-field-<path with dashes>`, errors `data-testid="health-error-<dotted.path>"`);
// what the user typed stays; submit is disabled while saving; server 400 details land by path.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { ApiError, errorMessage, request } from "@/lib/client/api";
import { validate } from "@/lib/client/form-errors";
import { toast } from "@/lib/client/stores/toasts";
import { REDACTED } from "@/lib/contracts/secrets";
import { HEALTH_PROTOCOLS, healthCheckInputSchema, PROTOCOL_OPTIONS, TARGET_HINTS, type HealthCheckDto, type HealthProtocol } from "@/lib/contracts/health";
import { PROTOCOL_LABEL } from "./format";

export const healthFieldId = (path: string) => `health-field-${path.replaceAll(".", "-")}`;

type TextKey =
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
type BoolKey = "options.followRedirects" | "options.insecureSkipVerify" | "options.tls";
type Values = Record<TextKey, string> & Record<BoolKey, boolean> & { protocol: HealthProtocol };
type Key = keyof Values;

const COMMON: Key[] = ["service", "protocol", "target", "intervalMs", "timeoutMs", "healthyThreshold", "unhealthyThreshold"];
/** The option fields each protocol shows (and sends). */
const OPTION_FIELDS: Record<HealthProtocol, Key[]> = {
  http: ["options.method", "options.expectStatus", "options.expectBody", "options.bodyMatch", "options.headers", "options.followRedirects", "options.ca", "options.insecureSkipVerify"],
  https: ["options.method", "options.expectStatus", "options.expectBody", "options.bodyMatch", "options.headers", "options.followRedirects", "options.ca", "options.insecureSkipVerify"],
  tcp: [],
  grpc: ["options.serviceName", "options.tls", "options.ca", "options.insecureSkipVerify"],
  websocket: ["options.send", "options.expect", "options.headers", "options.ca", "options.insecureSkipVerify"],
  custom: ["options.checker", "options.config"],
};
const BOOL_KEYS: BoolKey[] = ["options.followRedirects", "options.insecureSkipVerify", "options.tls"];
const NUMBER_KEYS: TextKey[] = ["intervalMs", "timeoutMs", "healthyThreshold", "unhealthyThreshold"];

const str = (v: unknown, d = "") => (typeof v === "string" ? v : d);

function initial(check: HealthCheckDto | null, services: string[], presetService?: string): Values {
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

/** The request body, plus errors that exist before the schema (empty, not a number, bad JSON…). */
function build(v: Values): { body: Record<string, unknown>; pre: Record<string, string> } {
  const pre: Record<string, string> = {};
  const num = (k: TextKey): number | undefined => {
    const raw = v[k].trim();
    if (raw === "") {
      pre[k] = "is required";
      return undefined;
    }
    const n = Number(raw);
    if (!Number.isFinite(n)) {
      pre[k] = "must be a number";
      return undefined;
    }
    return n;
  };
  const options: Record<string, unknown> = {};
  for (const k of OPTION_FIELDS[v.protocol]) {
    const name = k.slice("options.".length);
    if ((BOOL_KEYS as Key[]).includes(k)) {
      options[name] = v[k as BoolKey];
      continue;
    }
    const raw = v[k as TextKey];
    if (k === "options.headers") {
      if (!raw.trim()) continue;
      const headers: Record<string, string> = {};
      for (const line of raw.split("\n")) {
        if (!line.trim()) continue;
        const i = line.indexOf(":");
        if (i <= 0) {
          pre[k] = `"${line.trim().slice(0, 40)}" is not "Name: value"`;
          break;
        }
        headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
      }
      options.headers = headers;
    } else if (k === "options.config") {
      if (!raw.trim()) options.config = {};
      else {
        try {
          const parsed: unknown = JSON.parse(raw);
          if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) pre[k] = "must be a JSON object, e.g. {\"limit\": 1000}";
          else options.config = parsed;
        } catch (err) {
          pre[k] = `is not valid JSON: ${(err as Error).message}`;
        }
      }
    } else if (k === "options.serviceName" || k === "options.expectStatus" || k === "options.method" || k === "options.bodyMatch" || k === "options.checker") options[name] = raw;
    else if (raw !== "") options[name] = raw;
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

function friendly(msg: string): string {
  if (/expected (number|string), received undefined|Invalid input: expected (number|string)/i.test(msg)) return "is required";
  if (/Too small: expected string to have >=1/i.test(msg)) return "is required";
  if (/expected int, received number/i.test(msg)) return "must be a whole number";
  return msg;
}

function check(v: Values): Record<string, string> {
  const { body, pre } = build(v);
  const errors: Record<string, string> = {};
  const r = validate(healthCheckInputSchema, body);
  if (!r.ok) for (const [k, m] of Object.entries(r.errors)) if (m && !(k in errors)) errors[k] = friendly(m);
  const o = validate(PROTOCOL_OPTIONS[v.protocol] as never, body.options);
  if (!o.ok) for (const [k, m] of Object.entries(o.errors)) if (m && !(`options.${k}` in errors)) errors[`options.${k}`] = friendly(m);
  return attach({ ...errors, ...pre }, v.protocol);
}

/**
 * Puts every message on a field of the form: "options.headers.X y" → "options.headers" (with the
 * rest of the path in front of the message). Paths that match no field stay as they are.
 */
function attach(errors: Record<string, string>, protocol: HealthProtocol): Record<string, string> {
  const fields = [...COMMON, ...OPTION_FIELDS[protocol]] as string[];
  const out: Record<string, string> = {};
  for (const [path, msg] of Object.entries(errors)) {
    const field = fields.filter((f) => path === f || path.startsWith(`${f}.`)).sort((a, b) => b.length - a.length)[0];
    if (!field) {
      out[path] ??= msg;
      continue;
    }
    const rest = path.slice(field.length + 1);
    out[field] ??= rest ? `${rest}: ${msg}` : msg;
  }
  return out;
}

function ErrorText({ path, message }: { path: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={`${healthFieldId(path)}-error`} data-testid={`health-error-${path}`} className="text-xs text-rose-300">
      {message}
    </p>
  );
}

function Row({ path, label, hint, error, children, className }: { path: string; label: string; hint?: ReactNode; error?: string; children: ReactNode; className?: string }) {
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={healthFieldId(path)} className="block text-xs font-medium text-slate-300">
        {label}
      </label>
      {children}
      {error ? <ErrorText path={path} message={error} /> : hint ? <p className="text-xs text-slate-400">{hint}</p> : null}
    </div>
  );
}

const textareaClass = (invalid: boolean) =>
  cn("block w-full rounded-md bg-slate-950 px-3 py-2 font-mono text-xs text-slate-100 ring-1 ring-inset placeholder:text-slate-500", invalid ? "ring-rose-500" : "ring-slate-700 hover:ring-slate-600");

export function HealthForm({ check: existing, services, customCheckers, presetService }: { check: HealthCheckDto | null; services: string[]; customCheckers: string[]; presetService?: string }) {
  const router = useRouter();
  const isNew = existing === null;
  const [values, setValues] = useState<Values>(() => initial(existing, services, presetService));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const shown = (path: string) => serverErrors[path] ?? (touched[path] ? errors[path] : undefined);

  const change = <K extends Key>(path: K, value: Values[K]) => {
    const next = { ...values, [path]: value };
    setValues(next);
    setServerErrors((s) => {
      if (!(path in s)) return s;
      const c = { ...s };
      delete c[path];
      return c;
    });
    // once shown, a message follows the input as it changes; the timeout depends on the interval
    if (Object.keys(touched).length) setErrors(check(next));
  };
  const blur = (path: string) => {
    setTouched((t) => ({ ...t, [path]: true }));
    setErrors(check(values));
  };

  const control = (path: TextKey, extra: Record<string, unknown> = {}) => {
    const err = shown(path);
    const numeric = NUMBER_KEYS.includes(path);
    return (
      <Input
        id={healthFieldId(path)}
        name={path}
        type="text"
        inputMode={numeric ? "numeric" : undefined}
        value={values[path]}
        onChange={(e) => change(path, e.target.value)}
        onBlur={() => blur(path)}
        invalid={Boolean(err)}
        errorId={`${healthFieldId(path)}-error`}
        className={numeric ? "tabular-nums" : undefined}
        autoComplete="off"
        {...extra}
      />
    );
  };
  const area = (path: TextKey, rows: number, placeholder?: string) => {
    const err = shown(path);
    return (
      <textarea
        id={healthFieldId(path)}
        name={path}
        rows={rows}
        value={values[path]}
        placeholder={placeholder}
        spellCheck={false}
        onChange={(e) => change(path, e.target.value)}
        onBlur={() => blur(path)}
        aria-invalid={Boolean(err) || undefined}
        aria-describedby={err ? `${healthFieldId(path)}-error` : undefined}
        className={textareaClass(Boolean(err))}
      />
    );
  };
  const toggle = (path: BoolKey, label: string, hint?: string) => (
    <div className="flex items-start gap-3">
      <input id={healthFieldId(path)} name={path} type="checkbox" checked={values[path]} onChange={(e) => change(path, e.target.checked)} className="mt-0.5 h-4 w-4 accent-sky-500" />
      <div>
        <label htmlFor={healthFieldId(path)} className="text-sm font-medium text-slate-100">
          {label}
        </label>
        {hint ? <p className="text-xs text-slate-400">{hint}</p> : null}
        <ErrorText path={path} message={shown(path)} />
      </div>
    </div>
  );

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const all = check(values);
    setErrors(all);
    const t: Record<string, boolean> = {};
    for (const k of Object.keys(values)) t[k] = true;
    for (const k of Object.keys(all)) t[k] = true;
    setTouched(t);
    const visible = Object.keys(all).filter((p) => document.getElementById(healthFieldId(p)));
    if (Object.keys(all).length > 0) {
      if (visible.length < Object.keys(all).length) setFormError(Object.entries(all).filter(([p]) => !visible.includes(p)).map(([p, m]) => `${p || "body"} ${m}`).join("; "));
      if (visible[0]) document.getElementById(healthFieldId(visible[0]))?.focus();
      return;
    }
    const { body } = build(values);
    setSaving(true);
    try {
      const r = await request<HealthCheckDto>(isNew ? "/api/v1/health-checks" : `/api/v1/health-checks/${encodeURIComponent(existing.id)}`, { method: isNew ? "POST" : "PUT", body });
      toast.success(isNew ? `Health check of '${r.data.service}' created` : `Health check of '${r.data.service}' saved`, "The first result arrives within a second.");
      router.push(`/health/${encodeURIComponent(r.data.id)}`);
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.details.length > 0) {
        const byPath = attach(err.fieldErrors(), values.protocol);
        setServerErrors(byPath);
        const unknown = Object.keys(byPath).filter((p) => !document.getElementById(healthFieldId(p)));
        setFormError(unknown.length ? `${err.message}: ${unknown.map((p) => `${p || "body"} ${byPath[p]}`).join("; ")}` : err.message);
        const first = Object.keys(byPath).find((p) => document.getElementById(healthFieldId(p)));
        if (first) document.getElementById(healthFieldId(first))?.focus();
      } else setFormError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  const p = values.protocol;
  const isHttp = p === "http" || p === "https";
  const fields = OPTION_FIELDS[p];
  const has = (k: Key) => fields.includes(k);
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="health-form" data-protocol={p} aria-busy={saving || undefined}>
      {formError ? (
        <p role="alert" data-testid="health-form-error" className="rounded-md bg-rose-500/10 px-3 py-2 text-sm text-rose-200 ring-1 ring-inset ring-rose-500/30">
          {formError}
        </p>
      ) : null}
      <fieldset className="rounded-lg bg-slate-900 p-4 ring-1 ring-slate-800">
        <legend className="px-1 text-sm font-semibold text-slate-100">What is checked</legend>
        <div className="mt-2 grid gap-x-4 gap-y-3 sm:grid-cols-2">
          <Row path="service" label="Service" hint="Its breaker opens while the check is unhealthy" error={shown("service")}>
            <Select id={healthFieldId("service")} name="service" value={values.service} onChange={(e) => change("service", e.target.value)} onBlur={() => blur("service")} invalid={Boolean(shown("service"))} errorId={`${healthFieldId("service")}-error`}>
              {services.length === 0 ? <option value="">No services — add one first</option> : null}
              {values.service && !services.includes(values.service) ? <option value={values.service}>{values.service} (not found)</option> : null}
              {services.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </Select>
          </Row>
          <Row path="protocol" label="Protocol" hint="The options below follow the protocol" error={shown("protocol")}>
            <Select id={healthFieldId("protocol")} name="protocol" value={p} onChange={(e) => change("protocol", e.target.value as HealthProtocol)} onBlur={() => blur("protocol")}>
              {HEALTH_PROTOCOLS.map((x) => (
                <option key={x} value={x}>
                  {PROTOCOL_LABEL[x]}
                </option>
              ))}
            </Select>
          </Row>
          <Row path="target" label="Target" hint={`e.g. ${TARGET_HINTS[p]}`} error={shown("target")} className="sm:col-span-2">
            {control("target", { placeholder: TARGET_HINTS[p], className: "font-mono" })}
          </Row>
        </div>
      </fieldset>
      <fieldset className="rounded-lg bg-slate-900 p-4 ring-1 ring-slate-800">
        <legend className="px-1 text-sm font-semibold text-slate-100">Schedule and thresholds</legend>
        <div className="mt-2 grid gap-x-4 gap-y-3 sm:grid-cols-4">
          <Row path="intervalMs" label="Interval (ms)" hint="Every run, ± 10 % jitter; ≥ 1000" error={shown("intervalMs")}>
            {control("intervalMs")}
          </Row>
          <Row path="timeoutMs" label="Timeout (ms)" hint="Shorter than the interval" error={shown("timeoutMs")}>
            {control("timeoutMs")}
          </Row>
          <Row path="healthyThreshold" label="Healthy after" hint="Successes in a row" error={shown("healthyThreshold")}>
            {control("healthyThreshold")}
          </Row>
          <Row path="unhealthyThreshold" label="Unhealthy after" hint="Failures in a row" error={shown("unhealthyThreshold")}>
            {control("unhealthyThreshold")}
          </Row>
        </div>
      </fieldset>
      <fieldset className="rounded-lg bg-slate-900 p-4 ring-1 ring-slate-800" data-testid="health-options">
        <legend className="px-1 text-sm font-semibold text-slate-100">{PROTOCOL_LABEL[p]} options</legend>
        {p === "tcp" ? <p className="mt-1 text-sm text-slate-400">No options: healthy when a TCP connection is established within the timeout.</p> : null}
        <div className="mt-2 grid gap-x-4 gap-y-3 sm:grid-cols-2">
          {isHttp ? (
            <>
              <Row path="options.method" label="Method" error={shown("options.method")}>
                <Select id={healthFieldId("options.method")} name="options.method" value={values["options.method"]} onChange={(e) => change("options.method", e.target.value)} onBlur={() => blur("options.method")}>
                  {["GET", "HEAD", "POST", "PUT", "OPTIONS"].map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </Select>
              </Row>
              <Row path="options.expectStatus" label="Expected statuses" hint="Statuses or ranges, e.g. 200-399 or 200,204" error={shown("options.expectStatus")}>
                {control("options.expectStatus", { className: "font-mono" })}
              </Row>
              <Row path="options.expectBody" label="Body must contain" hint="Optional; empty = any body" error={shown("options.expectBody")}>
                {control("options.expectBody", { className: "font-mono" })}
              </Row>
              <Row path="options.bodyMatch" label="Body match" error={shown("options.bodyMatch")}>
                <Select id={healthFieldId("options.bodyMatch")} name="options.bodyMatch" value={values["options.bodyMatch"]} onChange={(e) => change("options.bodyMatch", e.target.value)} onBlur={() => blur("options.bodyMatch")}>
                  <option value="substring">Substring</option>
                  <option value="regex">Regular expression</option>
                </Select>
              </Row>
            </>
          ) : null}
          {p === "grpc" ? (
            <Row path="options.serviceName" label="Service name" hint="Asked through grpc.health.v1.Health/Check; empty = the whole server" error={shown("options.serviceName")} className="sm:col-span-2">
              {control("options.serviceName", { className: "font-mono", placeholder: "e.g. payments.v1.Payments" })}
            </Row>
          ) : null}
          {p === "websocket" ? (
            <>
              <Row path="options.send" label="Send after connecting" hint="Optional message" error={shown("options.send")}>
                {control("options.send", { className: "font-mono" })}
              </Row>
              <Row path="options.expect" label="Reply must contain" hint="Optional; waits for replies until the timeout" error={shown("options.expect")}>
                {control("options.expect", { className: "font-mono" })}
              </Row>
            </>
          ) : null}
          {p === "custom" ? (
            <>
              <Row path="options.checker" label="Checker" hint={customCheckers.length ? "A checker registered in the config file" : "No custom checkers are registered: list modules under healthCheckers in the config file"} error={shown("options.checker")}>
                <Select id={healthFieldId("options.checker")} name="options.checker" value={values["options.checker"]} onChange={(e) => change("options.checker", e.target.value)} onBlur={() => blur("options.checker")} invalid={Boolean(shown("options.checker"))} errorId={`${healthFieldId("options.checker")}-error`}>
                  <option value="">{customCheckers.length ? "Choose a checker…" : "None registered"}</option>
                  {values["options.checker"] && !customCheckers.includes(values["options.checker"]) ? <option value={values["options.checker"]}>{values["options.checker"]} (not registered)</option> : null}
                  {customCheckers.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </Select>
              </Row>
              <Row path="options.config" label="Config (JSON)" hint="Passed to the checker and validated by its own schema" error={shown("options.config")} className="sm:col-span-2">
                {area("options.config", 5, '{ "limit": 1000 }')}
              </Row>
            </>
          ) : null}
          {has("options.headers") ? (
            <Row path="options.headers" label="Headers" hint={`One per line: Name: value. Values show as ${REDACTED}; leave that to keep the stored value`} error={shown("options.headers")} className="sm:col-span-2">
              {area("options.headers", 3, "Authorization: Bearer …")}
            </Row>
          ) : null}
          {has("options.followRedirects") ? <div className="sm:col-span-2">{toggle("options.followRedirects", "Follow redirects", "Otherwise a 3xx answer is judged by its own status")}</div> : null}
          {has("options.tls") ? <div className="sm:col-span-2">{toggle("options.tls", "Use TLS")}</div> : null}
          {has("options.ca") && (p !== "grpc" || values["options.tls"]) ? (
            <Row path="options.ca" label="CA certificate (PEM)" hint="Trusted in addition to the system's CAs; optional" error={shown("options.ca")} className="sm:col-span-2">
              {area("options.ca", 4, "-----BEGIN CERTIFICATE-----")}
            </Row>
          ) : null}
          {has("options.insecureSkipVerify") && (p !== "grpc" || values["options.tls"]) ? (
            <div className="sm:col-span-2">{toggle("options.insecureSkipVerify", "Skip certificate verification", "Accepts any certificate (self-signed, wrong host): for test setups only")}</div>
          ) : null}
        </div>
      </fieldset>
      <div className="flex items-center justify-end gap-2">
        <Link href={isNew ? "/health" : `/health/${encodeURIComponent(existing.id)}`} className="inline-flex h-9 items-center rounded-md px-3.5 text-sm font-medium text-slate-300 hover:bg-slate-800">
          Cancel
        </Link>
        <Button type="submit" variant="primary" disabled={saving} data-testid="health-submit">
          {saving ? "Saving…" : isNew ? "Create check" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}
