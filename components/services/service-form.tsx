"use client";
// Create / edit a service. Every field of the shared `serviceSchema`, validated with it on blur and
// on submit; messages under the fields (ids `field-<path with dashes>`, errors
// `data-testid="error-<dotted.path>"`); server 400 details are shown by path too.
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/input";
import { ApiError, errorMessage, request } from "@/lib/client/api";
import { toast } from "@/lib/client/stores/toasts";
import { serviceSchema, type ServiceDto } from "@/lib/contracts/services";

type Kind = "text" | "int" | "number" | "list";
interface Spec {
  path: string;
  label: string;
  kind: Kind;
  hint?: string;
  unit?: string;
}

const BASICS: Spec[] = [
  { path: "baseUrl", label: "Base URL", kind: "text", hint: "http(s)://host:port/prefix — /gw/<name>/x goes to <baseUrl>/x" },
  { path: "timeoutMs", label: "Timeout", kind: "int", unit: "ms", hint: "Per attempt, 1–600000" },
];
const BREAKER: Spec[] = [
  { path: "breaker.failureRateThreshold", label: "Failure-rate threshold", kind: "number", unit: "%", hint: "Trip at or above, 1–100" },
  { path: "breaker.slowCallRateThreshold", label: "Slow-call-rate threshold", kind: "number", unit: "%", hint: "1–100" },
  { path: "breaker.slowCallDurationMs", label: "Slow call after", kind: "int", unit: "ms" },
  { path: "breaker.consecutiveFailures", label: "Consecutive failures", kind: "int", hint: "Trip after this many in a row; 0 = off" },
  { path: "breaker.minimumCalls", label: "Minimum calls", kind: "int", hint: "Before rates are evaluated" },
  { path: "breaker.waitInOpenMs", label: "Wait in open", kind: "int", unit: "ms" },
  { path: "breaker.maxWaitInOpenMs", label: "Max wait in open", kind: "int", unit: "ms", hint: "Cap of the doubling back-off" },
  { path: "breaker.halfOpenMaxCalls", label: "Half-open trial calls", kind: "int" },
  { path: "breaker.successThreshold", label: "Successes to close", kind: "int" },
  { path: "breaker.failureStatusCodes", label: "Failure status codes", kind: "list", hint: "Comma-separated, e.g. 500, 502, 503, 504" },
];
const BULKHEAD: Spec[] = [
  { path: "bulkhead.maxConcurrent", label: "Max concurrent", kind: "int" },
  { path: "bulkhead.maxQueue", label: "Max queue", kind: "int", hint: "0 = reject at once when full" },
  { path: "bulkhead.queueTimeoutMs", label: "Queue timeout", kind: "int", unit: "ms", hint: "0 = wait for a slot" },
];
const PER_USER: Spec[] = [
  { path: "perUserBulkhead.key", label: "User key", kind: "text", hint: "header:<name>, query:<name> or ip" },
  { path: "perUserBulkhead.maxConcurrent", label: "Max concurrent per key", kind: "int" },
  { path: "perUserBulkhead.maxQueue", label: "Max queue per key", kind: "int" },
  { path: "perUserBulkhead.queueTimeoutMs", label: "Queue timeout per key", kind: "int", unit: "ms" },
  { path: "perUserBulkhead.maxKeys", label: "Keys tracked at most", kind: "int" },
];
const RETRY: Spec[] = [
  { path: "retry.maxAttempts", label: "Max attempts", kind: "int", hint: "Including the first; 1 = no retries" },
  { path: "retry.initialDelayMs", label: "Initial delay", kind: "int", unit: "ms" },
  { path: "retry.maxDelayMs", label: "Max delay", kind: "int", unit: "ms" },
  { path: "retry.multiplier", label: "Multiplier", kind: "number" },
  { path: "retry.retryOn", label: "Retry on status codes", kind: "list", hint: "Comma-separated" },
  { path: "retry.budgetPercent", label: "Retry budget", kind: "number", unit: "%", hint: "Of calls over the last 10 s" },
];
const ALL: Spec[] = [...BASICS, ...BREAKER, ...BULKHEAD, ...PER_USER, ...RETRY];
const SPEC = new Map(ALL.map((s) => [s.path, s]));

export const fieldId = (path: string) => `field-${path.replaceAll(".", "-")}`;

type Values = Record<string, string>;

function get(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}
function set(obj: Record<string, unknown>, path: string, v: unknown) {
  const keys = path.split(".");
  let o = obj;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys[keys.length - 1]!] = v;
}

function initialValues(s: ServiceDto | null): { values: Values; windowType: "count" | "time"; perUser: boolean } {
  const base = s ?? serviceSchema.parse({ name: "x", baseUrl: "http://localhost" });
  const values: Values = { name: s?.name ?? "", baseUrl: s?.baseUrl ?? "" };
  for (const spec of ALL) {
    if (spec.path === "baseUrl") continue;
    const v = spec.path.startsWith("perUserBulkhead.") ? get(base.perUserBulkhead ?? { key: "header:x-user-id", maxConcurrent: 10, maxQueue: 0, queueTimeoutMs: 0, maxKeys: 10000 }, spec.path.slice(16)) : get(base, spec.path);
    values[spec.path] = Array.isArray(v) ? v.join(", ") : v === undefined ? "" : String(v);
  }
  const w = base.breaker.window;
  values["breaker.window.size"] = w.type === "count" ? String(w.size) : "100";
  values["breaker.window.seconds"] = w.type === "time" ? String(w.seconds) : "60";
  values["retry.jitter"] = base.retry.jitter;
  return { values, windowType: w.type, perUser: Boolean(base.perUserBulkhead) };
}

/** The body to send plus the errors that exist before zod (empty, not a number, bad list). */
function build(values: Values, windowType: "count" | "time", perUser: boolean, includeName: boolean) {
  const out: Record<string, unknown> = {};
  const pre: Record<string, string> = {};
  const convert = (path: string, kind: Kind) => {
    const raw = (values[path] ?? "").trim();
    if (kind === "text") return set(out, path, raw);
    if (kind === "list") {
      const parts = raw ? raw.split(/[\s,]+/).filter(Boolean) : [];
      const nums = parts.map(Number);
      if (nums.some((n) => !Number.isInteger(n))) pre[path] = "must be a comma-separated list of HTTP status codes";
      return set(out, path, nums);
    }
    if (raw === "") {
      pre[path] = "is required";
      return;
    }
    const n = Number(raw);
    if (!Number.isFinite(n)) {
      pre[path] = "must be a number";
      return;
    }
    set(out, path, n);
  };
  if (includeName) out.name = (values.name ?? "").trim();
  for (const spec of ALL) {
    if (spec.path.startsWith("perUserBulkhead.") && !perUser) continue;
    convert(spec.path, spec.kind);
  }
  const wPath = windowType === "count" ? "breaker.window.size" : "breaker.window.seconds";
  set(out, "breaker.window.type", windowType);
  convert(wPath, "int");
  set(out, "retry.jitter", values["retry.jitter"]);
  return { body: out, pre };
}

function validateAll(values: Values, windowType: "count" | "time", perUser: boolean, isNew: boolean) {
  const { body, pre } = build(values, windowType, perUser, true);
  if (!isNew) body.name = values.name || "x";
  const errors: Record<string, string> = {};
  const r = serviceSchema.safeParse(body);
  if (!r.success) {
    for (const issue of r.error.issues) {
      let p = issue.path.map(String).join(".");
      // list items ("retry.retryOn.2") belong to the list field
      while (p && !SPEC.has(p) && p !== "name" && p !== "breaker.window.size" && p !== "breaker.window.seconds" && p.includes(".")) p = p.slice(0, p.lastIndexOf("."));
      if (!(p in errors)) errors[p] = friendly(issue.message);
    }
  }
  Object.assign(errors, pre);
  return { errors, body, ok: r.success && Object.keys(pre).length === 0 };
}

/** zod's generic messages in the form's wording ("must be at most 100"). */
export function friendly(message: string): string {
  return message
    .replace(/^Too big: expected number to be <=?\s*(.+)$/, "must be at most $1")
    .replace(/^Too small: expected number to be >=?\s*(.+)$/, "must be at least $1")
    .replace(/^Too big: expected number to be <(.+)$/, "must be less than $1")
    .replace(/^Too small: expected number to be >(.+)$/, "must be more than $1")
    .replace(/^Invalid input: expected int, received number$/, "must be a whole number")
    .replace(/^Invalid input: expected number, received .+$/, "must be a number");
}

function ErrorText({ path, message }: { path: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={`${fieldId(path)}-error`} data-testid={`error-${path}`} className="text-xs text-rose-300">
      {path.includes(".") ? <span data-testid={`error-${path.replaceAll(".", "-")}`}>{message}</span> : message}
    </p>
  );
}

function Section({ title, description, children, className }: { title: string; description?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <fieldset className={cn("rounded-lg bg-slate-900 p-4 ring-1 ring-slate-800", className)}>
      <legend className="sr-only">{title}</legend>
      <h2 className="text-sm font-semibold text-slate-100" aria-hidden="true">
        {title}
      </h2>
      {description ? <p className="mt-0.5 text-xs text-slate-400">{description}</p> : null}
      <div className="mt-3 grid gap-x-4 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">{children}</div>
    </fieldset>
  );
}

export function ServiceForm({ service }: { service: ServiceDto | null }) {
  const isNew = service === null;
  const router = useRouter();
  const init = useMemo(() => initialValues(service), [service]);
  const [values, setValues] = useState<Values>(init.values);
  const [windowType, setWindowType] = useState<"count" | "time">(init.windowType);
  const [perUser, setPerUser] = useState(init.perUser);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const { errors } = useMemo(() => validateAll(values, windowType, perUser, isNew), [values, windowType, perUser, isNew]);
  const shown = (path: string) => serverErrors[path] ?? (submitted || touched.has(path) ? errors[path] : undefined);

  const change = (path: string, v: string) => {
    setValues((cur) => ({ ...cur, [path]: v }));
    if (serverErrors[path]) setServerErrors(({ [path]: _drop, ...rest }) => rest);
  };
  const blur = (path: string) => setTouched((cur) => (cur.has(path) ? cur : new Set(cur).add(path)));

  function control(spec: Spec | { path: string; label: string; kind: Kind; hint?: string; unit?: string }, extra?: { disabled?: boolean }) {
    const id = fieldId(spec.path);
    const err = shown(spec.path);
    return (
      <div key={spec.path} className="space-y-1">
        <label htmlFor={id} className="block text-xs font-medium text-slate-300">
          {spec.label}
          {spec.unit ? <span className="text-slate-500"> ({spec.unit})</span> : null}
        </label>
        <Input
          id={id}
          name={spec.path}
          value={values[spec.path] ?? ""}
          onChange={(e) => change(spec.path, e.target.value)}
          onBlur={() => blur(spec.path)}
          inputMode={spec.kind === "int" ? "numeric" : spec.kind === "number" ? "decimal" : undefined}
          invalid={Boolean(err)}
          errorId={`${id}-error`}
          autoComplete="off"
          spellCheck={false}
          disabled={extra?.disabled}
        />
        {err ? <ErrorText path={spec.path} message={err} /> : spec.hint ? <p className="text-xs text-slate-500">{spec.hint}</p> : null}
      </div>
    );
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    setFormError(null);
    setServerErrors({});
    const v = validateAll(values, windowType, perUser, isNew);
    if (!v.ok) {
      // focus the first invalid field
      window.requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const body = build(values, windowType, perUser, isNew).body;
    setSaving(true);
    try {
      const name = isNew ? String(body.name) : service.name;
      if (isNew) await request(`/api/v1/services`, { method: "POST", body });
      else await request(`/api/v1/services/${encodeURIComponent(name)}`, { method: "PUT", body });
      toast.success(isNew ? `Service ${name} created` : `Service ${name} saved`, "Applied to the gateway immediately.");
      router.push(`/services/${encodeURIComponent(name)}`);
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.details.length) {
        const fe: Record<string, string> = {};
        for (const d of err.details) {
          let p = d.path;
          while (p.includes(".") && !SPEC.has(p) && p !== "breaker.window.size" && p !== "breaker.window.seconds") p = p.slice(0, p.lastIndexOf("."));
          fe[p] ??= friendly(d.message);
        }
        setServerErrors(fe);
        const unplaced = err.details.filter((d) => !SPEC.has(d.path) && d.path !== "name" && !d.path.startsWith("breaker.window"));
        setFormError(unplaced.length ? `${err.message}: ${unplaced.map((d) => `${d.path} ${d.message}`).join("; ")}` : err.message);
        window.requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      } else {
        setFormError(errorMessage(err));
      }
    } finally {
      setSaving(false);
    }
  }

  const wPath = windowType === "count" ? "breaker.window.size" : "breaker.window.seconds";
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-4" data-testid="service-form" aria-label={isNew ? "New service" : `Edit ${service.name}`}>
      {formError ? (
        <p role="alert" data-testid="form-error" className="rounded-md bg-rose-500/10 px-3 py-2 text-sm text-rose-200 ring-1 ring-rose-500/30">
          {formError}
        </p>
      ) : null}
      <Section title="Service" description="Traffic to /gw/<name>/… is proxied to the base URL.">
        {isNew ? control({ path: "name", label: "Name", kind: "text", hint: "Lower-case letters, digits, - and _; also the breaker's name" }) : control({ path: "name", label: "Name", kind: "text", hint: "The name cannot be changed" }, { disabled: true })}
        {BASICS.map((s) => control(s))}
      </Section>
      <Section title="Circuit breaker" description="When to stop sending traffic, and how to find out it is healthy again.">
        {BREAKER.slice(0, 5).map((s) => control(s))}
        <div className="space-y-1">
          <label htmlFor={fieldId("breaker.window.type")} className="block text-xs font-medium text-slate-300">
            Window type
          </label>
          <Select id={fieldId("breaker.window.type")} name="breaker.window.type" value={windowType} onChange={(e) => setWindowType(e.target.value as "count" | "time")}>
            <option value="count">count (last N calls)</option>
            <option value="time">time (last N seconds)</option>
          </Select>
        </div>
        {control({ path: wPath, label: windowType === "count" ? "Window size" : "Window seconds", kind: "int", unit: windowType === "count" ? "calls" : "s", hint: windowType === "count" ? "1–100000" : "1–3600" })}
        {BREAKER.slice(5).map((s) => control(s))}
      </Section>
      <Section title="Bulkhead" description="How many calls may run at once, and how many may wait.">
        {BULKHEAD.map((s) => control(s))}
      </Section>
      <fieldset className="rounded-lg bg-slate-900 p-4 ring-1 ring-slate-800">
        <legend className="sr-only">Per-user bulkhead</legend>
        <div className="flex items-center gap-3">
          <input
            id={fieldId("perUserBulkhead.enabled")}
            type="checkbox"
            role="switch"
            aria-checked={perUser}
            checked={perUser}
            onChange={(e) => setPerUser(e.target.checked)}
            className="h-4 w-4 accent-sky-500"
          />
          <label htmlFor={fieldId("perUserBulkhead.enabled")} className="text-sm font-semibold text-slate-100">
            Per-user bulkhead
          </label>
          <span className="text-xs text-slate-400">Limits per caller, keyed by a header, a query parameter or the client IP.</span>
        </div>
        {perUser ? <div className="mt-3 grid gap-x-4 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">{PER_USER.map((s) => control(s))}</div> : null}
      </fieldset>
      <Section title="Retries" description="Idempotent requests only, within a retry budget.">
        {RETRY.slice(0, 4).map((s) => control(s))}
        <div className="space-y-1">
          <label htmlFor={fieldId("retry.jitter")} className="block text-xs font-medium text-slate-300">
            Jitter
          </label>
          <Select id={fieldId("retry.jitter")} name="retry.jitter" value={values["retry.jitter"]} onChange={(e) => change("retry.jitter", e.target.value)}>
            <option value="none">none</option>
            <option value="full">full</option>
            <option value="equal">equal</option>
            <option value="decorrelated">decorrelated</option>
          </Select>
          <ErrorText path="retry.jitter" message={shown("retry.jitter")} />
        </div>
        {RETRY.slice(4).map((s) => control(s))}
      </Section>
      <div className="flex items-center justify-end gap-2">
        <Button onClick={() => router.back()}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={saving} data-testid="service-submit">
          {saving ? "Saving…" : isNew ? "Create service" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}
