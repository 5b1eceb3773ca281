"use client";
// Create / edit an SLO. Validated with the shared `sloInputSchema` on blur and on submit; messages
// under the fields (ids `slo-field-<path with dashes>`, errors `data-testid="slo-error-<dotted.path>"`);
// what the user typed stays; submit is disabled while saving; server 400 details land by path.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { ApiError, errorMessage, request } from "@/lib/client/api";
import { validate } from "@/lib/client/form-errors";
import { toast } from "@/lib/client/stores/toasts";
import { sloInputSchema, type SloDto } from "@/lib/contracts/slos";
import { SLO_WINDOW_PRESETS } from "@/lib/engine/slo/options";

export const sloFieldId = (path: string) => `slo-field-${path.replaceAll(".", "-")}`;

type Values = {
  name: string;
  service: string;
  "sli.type": "availability" | "latency";
  "sli.thresholdMs": string;
  objective: string;
  windowSeconds: string;
  "alerting.pageBurnRate": string;
  "alerting.ticketBurnRate": string;
  trip: boolean;
  tripBreakerOnBurnRate: string;
};
type Path = Exclude<keyof Values, "trip">;

const WINDOW_NAMES: Record<string, string> = { "1h": "1 hour", "1d": "1 day", "7d": "7 days", "28d": "28 days", "30d": "30 days" };

function initial(slo: SloDto | null, services: string[]): Values {
  return {
    name: slo?.name ?? "",
    service: slo?.service ?? services[0] ?? "",
    "sli.type": slo?.sli.type ?? "availability",
    "sli.thresholdMs": slo?.sli.type === "latency" ? String(slo.sli.thresholdMs) : "300",
    objective: slo ? String(slo.objective) : "99.9",
    windowSeconds: String(slo?.windowSeconds ?? SLO_WINDOW_PRESETS["30d"]),
    "alerting.pageBurnRate": String(slo?.alerting.pageBurnRate ?? 14.4),
    "alerting.ticketBurnRate": String(slo?.alerting.ticketBurnRate ?? 1),
    trip: slo ? slo.tripBreakerOnBurnRate !== null : false,
    tripBreakerOnBurnRate: slo?.tripBreakerOnBurnRate != null ? String(slo.tripBreakerOnBurnRate) : "14.4",
  };
}

/** The request body, plus errors that exist before the schema (empty or not a number). */
function build(v: Values): { body: Record<string, unknown>; pre: Record<string, string> } {
  const pre: Record<string, string> = {};
  const num = (path: Path): number | undefined => {
    const raw = String(v[path]).trim();
    if (raw === "") {
      pre[path] = "is required";
      return undefined;
    }
    const n = Number(raw);
    if (!Number.isFinite(n)) {
      pre[path] = "must be a number";
      return undefined;
    }
    return n;
  };
  const sli = v["sli.type"] === "latency" ? { type: "latency", thresholdMs: num("sli.thresholdMs") } : { type: "availability" };
  const body = {
    name: v.name,
    service: v.service,
    sli,
    objective: num("objective"),
    windowSeconds: Number(v.windowSeconds),
    alerting: { pageBurnRate: num("alerting.pageBurnRate"), ticketBurnRate: num("alerting.ticketBurnRate") },
    tripBreakerOnBurnRate: v.trip ? num("tripBreakerOnBurnRate") : null,
  };
  return { body, pre };
}

function friendly(msg: string): string {
  if (/expected number, received undefined|Invalid input: expected number/i.test(msg)) return "is required";
  if (/expected string, received undefined/i.test(msg)) return "is required";
  if (/Too small: expected string to have >=1/i.test(msg)) return "is required";
  return msg;
}

function check(v: Values): Record<string, string> {
  const { body, pre } = build(v);
  const errors: Record<string, string> = {};
  const r = validate(sloInputSchema, body);
  if (!r.ok) for (const [k, m] of Object.entries(r.errors)) if (m && !(k in errors)) errors[k] = friendly(m);
  return { ...errors, ...pre };
}

function ErrorText({ path, message }: { path: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={`${sloFieldId(path)}-error`} data-testid={`slo-error-${path}`} className="text-xs text-rose-300">
      {message}
    </p>
  );
}

function Row({ path, label, hint, error, children }: { path: string; label: string; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={sloFieldId(path)} className="block text-xs font-medium text-slate-300">
        {label}
      </label>
      {children}
      {error ? <ErrorText path={path} message={error} /> : hint ? <p className="text-xs text-slate-400">{hint}</p> : null}
    </div>
  );
}

export function SloForm({ slo, services }: { slo: SloDto | null; services: string[] }) {
  const router = useRouter();
  const isNew = slo === null;
  const [values, setValues] = useState<Values>(() => initial(slo, services));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const shown = (path: string) => serverErrors[path] ?? (touched[path] ? errors[path] : undefined);

  const change = <K extends keyof Values>(path: K, value: Values[K]) => {
    const next = { ...values, [path]: value };
    setValues(next);
    setServerErrors((s) => {
      if (!(path in s)) return s;
      const c = { ...s };
      delete c[path as string];
      return c;
    });
    // once shown, a message follows the input as it changes
    if (touched[path as string]) setErrors(check(next));
  };
  const blur = (path: string) => {
    setTouched((t) => ({ ...t, [path]: true }));
    setErrors(check(values));
  };

  const control = (path: Path, type: "text" | "number" = "number", extra: Record<string, unknown> = {}) => {
    const err = shown(path);
    return (
      <Input
        id={sloFieldId(path)}
        name={path}
        type="text"
        inputMode={type === "number" ? "decimal" : undefined}
        value={String(values[path])}
        onChange={(e) => change(path, e.target.value as never)}
        onBlur={() => blur(path)}
        invalid={Boolean(err)}
        errorId={`${sloFieldId(path)}-error`}
        className="tabular-nums"
        {...extra}
      />
    );
  };

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const all = check(values);
    setErrors(all);
    const t: Record<string, boolean> = {};
    for (const k of Object.keys(values)) t[k] = true;
    for (const k of Object.keys(all)) t[k] = true;
    setTouched(t);
    if (Object.keys(all).length > 0) {
      const first = Object.keys(all)[0]!;
      document.getElementById(sloFieldId(first))?.focus();
      return;
    }
    const { body } = build(values);
    setSaving(true);
    try {
      const r = await request<SloDto>(isNew ? "/api/v1/slos" : `/api/v1/slos/${encodeURIComponent(slo.id)}`, { method: isNew ? "POST" : "PUT", body });
      toast.success(isNew ? `SLO '${r.data.name}' created` : `SLO '${r.data.name}' saved`);
      router.push(`/slos/${encodeURIComponent(r.data.id)}`);
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.details.length > 0) {
        const byPath = err.fieldErrors();
        setServerErrors(byPath);
        const unknown = Object.keys(byPath).filter((p) => !document.getElementById(sloFieldId(p)));
        setFormError(unknown.length ? `${err.message}: ${unknown.map((p) => `${p || "body"} ${byPath[p]}`).join("; ")}` : err.message);
        const first = Object.keys(byPath).find((p) => document.getElementById(sloFieldId(p)));
        if (first) document.getElementById(sloFieldId(first))?.focus();
      } else setFormError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  const isLatency = values["sli.type"] === "latency";
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="slo-form" aria-busy={saving || undefined}>
      {formError ? (
        <p role="alert" data-testid="slo-form-error" className="rounded-md bg-rose-500/10 px-3 py-2 text-sm text-rose-200 ring-1 ring-inset ring-rose-500/30">
          {formError}
        </p>
      ) : null}
      <fieldset className="rounded-lg bg-slate-900 p-4 ring-1 ring-slate-800">
        <legend className="px-1 text-sm font-semibold text-slate-100">What is measured</legend>
        <div className="mt-2 grid gap-x-4 gap-y-3 sm:grid-cols-2">
          <Row path="name" label="Name" hint="e.g. payments availability" error={shown("name")}>
            {control("name", "text", { autoComplete: "off" })}
          </Row>
          <Row path="service" label="Service" hint="Calls through /gw/<service>/… count as events" error={shown("service")}>
            <Select id={sloFieldId("service")} name="service" value={values.service} onChange={(e) => change("service", e.target.value)} onBlur={() => blur("service")} invalid={Boolean(shown("service"))} errorId={`${sloFieldId("service")}-error`}>
              {services.length === 0 ? <option value="">No services — add one first</option> : null}
              {values.service && !services.includes(values.service) ? <option value={values.service}>{values.service} (not found)</option> : null}
              {services.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </Select>
          </Row>
          <Row path="sli.type" label="SLI type" hint={isLatency ? "Good = faster than the threshold" : "Good = the gateway classified the call a success"} error={shown("sli.type")}>
            <Select id={sloFieldId("sli.type")} name="sli.type" value={values["sli.type"]} onChange={(e) => change("sli.type", e.target.value as Values["sli.type"])} onBlur={() => blur("sli.type")}>
              <option value="availability">Availability</option>
              <option value="latency">Latency</option>
            </Select>
          </Row>
          {isLatency ? (
            <Row path="sli.thresholdMs" label="Latency threshold (ms)" hint="A call is good when it takes strictly less" error={shown("sli.thresholdMs")}>
              {control("sli.thresholdMs")}
            </Row>
          ) : null}
        </div>
      </fieldset>
      <fieldset className="rounded-lg bg-slate-900 p-4 ring-1 ring-slate-800">
        <legend className="px-1 text-sm font-semibold text-slate-100">Objective</legend>
        <div className="mt-2 grid gap-x-4 gap-y-3 sm:grid-cols-2">
          <Row path="objective" label="Objective (%)" hint="Share of good events, between 0 and 100 (exclusive), e.g. 99.9" error={shown("objective")}>
            {control("objective")}
          </Row>
          <Row path="windowSeconds" label="Window" hint="Rolling; burn windows scale with it" error={shown("windowSeconds")}>
            <Select id={sloFieldId("windowSeconds")} name="windowSeconds" value={values.windowSeconds} onChange={(e) => change("windowSeconds", e.target.value)} onBlur={() => blur("windowSeconds")} invalid={Boolean(shown("windowSeconds"))} errorId={`${sloFieldId("windowSeconds")}-error`}>
              {!Object.values(SLO_WINDOW_PRESETS).map(String).includes(values.windowSeconds) ? <option value={values.windowSeconds}>{values.windowSeconds} s (custom)</option> : null}
              {Object.entries(SLO_WINDOW_PRESETS).map(([k, secs]) => (
                <option key={k} value={secs}>
                  {k} — {WINDOW_NAMES[k]}
                </option>
              ))}
            </Select>
          </Row>
        </div>
      </fieldset>
      <fieldset className="rounded-lg bg-slate-900 p-4 ring-1 ring-slate-800">
        <legend className="px-1 text-sm font-semibold text-slate-100">Alerting</legend>
        <p className="text-xs text-slate-400">Multi-window burn-rate alerts: a rule fires while its long and short windows both burn at least this fast (1× = exactly the sustainable rate).</p>
        <div className="mt-3 grid gap-x-4 gap-y-3 sm:grid-cols-2">
          <Row path="alerting.pageBurnRate" label="Page at burn rate (×)" hint="Critical alert; 1h and 5m windows (scaled). Default 14.4" error={shown("alerting.pageBurnRate")}>
            {control("alerting.pageBurnRate")}
          </Row>
          <Row path="alerting.ticketBurnRate" label="Ticket at burn rate (×)" hint="Warning alert; 3d and 6h windows (scaled). Default 1" error={shown("alerting.ticketBurnRate")}>
            {control("alerting.ticketBurnRate")}
          </Row>
        </div>
        <div className="mt-4 flex items-center gap-3">
          <input
            id={sloFieldId("tripBreakerOnBurnRate.enabled")}
            type="checkbox"
            role="switch"
            aria-checked={values.trip}
            checked={values.trip}
            onChange={(e) => change("trip", e.target.checked)}
            className="h-4 w-4 accent-sky-500"
          />
          <label htmlFor={sloFieldId("tripBreakerOnBurnRate.enabled")} className="text-sm font-medium text-slate-100">
            Open the service&apos;s breaker while the budget burns fast
          </label>
        </div>
        {values.trip ? (
          <div className="mt-3 grid gap-x-4 sm:grid-cols-2">
            <Row path="tripBreakerOnBurnRate" label="Trip at burn rate (×)" hint="While the page rule's windows both burn at least this fast" error={shown("tripBreakerOnBurnRate")}>
              {control("tripBreakerOnBurnRate")}
            </Row>
          </div>
        ) : null}
      </fieldset>
      <div className="flex items-center justify-end gap-2">
        <Link href={isNew ? "/slos" : `/slos/${encodeURIComponent(slo.id)}`} className="inline-flex h-9 items-center rounded-md px-3.5 text-sm font-medium text-slate-300 hover:bg-slate-800">
          Cancel
        </Link>
        <Button type="submit" variant="primary" disabled={saving} data-testid="slo-submit">
          {saving ? "Saving…" : isNew ? "Create SLO" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}
