"use client";
// Add a webhook notifier (Alertmanager JSON, version "4"). Field ids `notifier-field-<path with
// dashes>`, errors `data-testid="notifier-error-<path>"`.
import { Field, FormAlert } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-section";
import { Input, TextArea } from "@/components/ui/input";
import { api } from "@/lib/client/api";
import { placeOnFields, schemaErrors } from "@/lib/client/form-errors";
import { toast } from "@/lib/client/stores/toasts";
import { useFormState } from "@/lib/client/use-form-state";
import { notifierInputSchema, type NotifierDto } from "@/lib/contracts/alerts";

const fid = (path: string) => `notifier-field-${path.replaceAll(".", "-")}`;
type Values = { name: string; "config.url": string; "config.headers": string };
const EMPTY: Values = { name: "", "config.url": "", "config.headers": "" };

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

function parseHeaders(raw: string): { headers?: Record<string, string>; error?: string } {
  const lines = raw.split("\n").map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return {};
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(":");
    const name = i > 0 ? line.slice(0, i).trim() : "";
    if (!/^[A-Za-z0-9-]+$/.test(name)) return { error: `"${line}": one "Name: value" per line; header names use letters, digits and '-'` };
    headers[name] = line.slice(i + 1).trim();
  }
  return { headers };
}

function build(v: Values) {
  const pre: Record<string, string> = {};
  const url = v["config.url"].trim();
  if (!url) pre["config.url"] = "is required";
  else if (!isHttpUrl(url)) pre["config.url"] = "must be an http:// or https:// URL";
  const { headers, error } = parseHeaders(v["config.headers"]);
  if (error) pre["config.headers"] = error;
  return { body: { name: v.name.trim(), type: "webhook", config: { url, ...(headers ? { headers } : {}) } }, pre };
}

const check = (v: Values) => {
  const { body, pre } = build(v);
  return schemaErrors(notifierInputSchema, body, pre);
};
const place = (errors: Record<string, string>) => placeOnFields(errors, Object.keys(EMPTY));

export function AddNotifierForm({ onAdded }: { onAdded: (n: NotifierDto) => void }) {
  const f = useFormState<Values>({ initial: EMPTY, check, place, fieldId: fid });
  const onSubmit = f.submit(async (v) => {
    const n = await api.post<NotifierDto>("/api/v1/notifiers", build(v).body);
    toast.success(`Notifier '${n.name}' added`, n.target);
    onAdded(n);
    f.reset(EMPTY);
  });
  const row = (path: keyof Values, label: string, hint: string) => ({ ...f.row(path), label, hint, errorTestId: `notifier-error-${path}` });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 p-4" data-testid="notifier-form">
      <FormAlert message={f.formError} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field {...row("name", "Name", "e.g. on-call webhook")}>
          <Input {...f.bind("name")} autoComplete="off" />
        </Field>
        <Field {...row("config.url", "Webhook URL", "Receives Alertmanager webhook JSON (version 4) by POST")}>
          <Input {...f.bind("config.url")} placeholder="https://hooks.example.com/alerts" autoComplete="off" />
        </Field>
      </div>
      <Field {...row("config.headers", "Headers (optional)", "One \u201cName: value\u201d per line, e.g. Authorization: Bearer …")}>
        <TextArea {...f.bind("config.headers")} rows={2} />
      </Field>
      <FormActions submitting={f.submitting} label="Add notifier" submittingLabel="Adding…" testId="notifier-submit" />
    </form>
  );
}
