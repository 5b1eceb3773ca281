"use client";
// Admin: webhook notifiers (Alertmanager JSON, version "4") — add, test, remove — and the delivery
// log. Field ids `notifier-field-<path with dashes>`, errors `data-testid="notifier-error-<path>"`.
import { useCallback, useEffect, useMemo, useState } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { formatExact, RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { api, ApiError, errorMessage } from "@/lib/client/api";
import { toast } from "@/lib/client/stores/toasts";
import type { DeliveryDto, NotifierDto } from "@/lib/contracts/alerts";

const fid = (path: string) => `notifier-field-${path.replaceAll(".", "-")}`;

const urlSchema = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}, "must be an http:// or https:// URL");
const nameSchema = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");

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

function check(v: { name: string; url: string; headers: string }): Record<string, string> {
  const e: Record<string, string> = {};
  const n = nameSchema.safeParse(v.name);
  if (!n.success) e.name = n.error.issues[0]!.message;
  const u = urlSchema.safeParse(v.url.trim());
  if (!u.success) e["config.url"] = v.url.trim() ? u.error.issues[0]!.message : "is required";
  const h = parseHeaders(v.headers);
  if (h.error) e["config.headers"] = h.error;
  return e;
}

function AddNotifier({ onAdded }: { onAdded: (n: NotifierDto) => void }) {
  const [v, setV] = useState({ name: "", url: "", headers: "" });
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [server, setServer] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const shown = (p: string) => server[p] ?? (touched[p] ? errors[p] : undefined);
  const set = (k: keyof typeof v, val: string) => {
    const next = { ...v, [k]: val };
    setV(next);
    setServer({});
    setErrors(check(next));
  };
  const blur = (p: string) => {
    setTouched((t) => ({ ...t, [p]: true }));
    setErrors(check(v));
  };
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const errs = check(v);
    setErrors(errs);
    setTouched({ name: true, "config.url": true, "config.headers": true });
    if (Object.keys(errs).length) {
      document.getElementById(fid(Object.keys(errs)[0]!))?.focus();
      return;
    }
    setSaving(true);
    try {
      const { headers } = parseHeaders(v.headers);
      const n = await api.post<NotifierDto>("/api/v1/notifiers", { name: v.name.trim(), type: "webhook", config: { url: v.url.trim(), ...(headers ? { headers } : {}) } });
      toast.success(`Notifier '${n.name}' added`, n.target);
      onAdded(n);
      setV({ name: "", url: "", headers: "" });
      setTouched({});
      setErrors({});
    } catch (err) {
      if (err instanceof ApiError && err.details.length) {
        const byPath: Record<string, string> = {};
        for (const [p, m] of Object.entries(err.fieldErrors())) byPath[p.startsWith("config.headers") ? "config.headers" : p] = m;
        setServer(byPath);
        setFormError(err.message);
      } else setFormError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }
  const field = (path: string, label: string, hint: string, control: React.ReactNode) => (
    <div className="space-y-1">
      <label htmlFor={fid(path)} className="block text-xs font-medium text-slate-300">
        {label}
      </label>
      {control}
      {shown(path) ? (
        <p id={`${fid(path)}-error`} data-testid={`notifier-error-${path}`} className="text-xs text-rose-300">
          {shown(path)}
        </p>
      ) : (
        <p className="text-xs text-slate-400">{hint}</p>
      )}
    </div>
  );
  return (
    <form onSubmit={submit} noValidate className="space-y-3 p-4" data-testid="notifier-form">
      {formError ? (
        <p role="alert" className="rounded-md bg-rose-500/10 px-3 py-2 text-sm text-rose-200 ring-1 ring-inset ring-rose-500/30">
          {formError}
        </p>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        {field("name", "Name", "e.g. on-call webhook", <Input id={fid("name")} value={v.name} onChange={(e) => set("name", e.target.value)} onBlur={() => blur("name")} invalid={Boolean(shown("name"))} errorId={`${fid("name")}-error`} autoComplete="off" />)}
        {field("config.url", "Webhook URL", "Receives Alertmanager webhook JSON (version 4) by POST", <Input id={fid("config.url")} value={v.url} onChange={(e) => set("url", e.target.value)} onBlur={() => blur("config.url")} invalid={Boolean(shown("config.url"))} errorId={`${fid("config.url")}-error`} placeholder="https://hooks.example.com/alerts" autoComplete="off" />)}
      </div>
      {field(
        "config.headers",
        "Headers (optional)",
        "One \u201cName: value\u201d per line, e.g. Authorization: Bearer …",
        <textarea id={fid("config.headers")} rows={2} value={v.headers} onChange={(e) => set("headers", e.target.value)} onBlur={() => blur("config.headers")} aria-invalid={Boolean(shown("config.headers")) || undefined} className={cn("block w-full rounded-md bg-slate-950 px-3 py-2 font-mono text-xs text-slate-100 ring-1 ring-inset", shown("config.headers") ? "ring-rose-500" : "ring-slate-700")} />,
      )}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={saving} data-testid="notifier-submit">
          {saving ? "Adding…" : "Add notifier"}
        </Button>
      </div>
    </form>
  );
}

function TestResult({ d }: { d: DeliveryDto }) {
  return (
    <p data-testid="notifier-test-result" data-ok={String(d.ok)} className={cn("mt-1 text-xs", d.ok ? "text-emerald-300" : "text-rose-300")} role="status">
      {d.ok ? "Test delivered" : "Test failed"}
      {d.httpStatus !== null ? ` · HTTP ${d.httpStatus}` : ""}
      {d.error ? ` · ${d.error}` : ""} · <RelativeTime iso={d.at} />
    </p>
  );
}

export function NotifiersAdmin({ initialNotifiers, initialDeliveries }: { initialNotifiers: NotifierDto[]; initialDeliveries: DeliveryDto[] }) {
  const [notifiers, setNotifiers] = useState(initialNotifiers);
  const [deliveries, setDeliveries] = useState(initialDeliveries);
  const [tests, setTests] = useState<Record<string, DeliveryDto>>({});
  const [testing, setTesting] = useState<string | null>(null);
  const [removing, setRemoving] = useState<NotifierDto | null>(null);
  const [busy, setBusy] = useState(false);
  const reloadDeliveries = useCallback(async () => {
    try {
      setDeliveries(await api.get<DeliveryDto[]>("/api/v1/deliveries", { query: { limit: 50 } }));
    } catch {
      /* keep what we have */
    }
  }, []);
  useEffect(() => {
    const t = window.setInterval(() => void reloadDeliveries(), 5000);
    return () => window.clearInterval(t);
  }, [reloadDeliveries]);
  const names = useMemo(() => Object.fromEntries(notifiers.map((n) => [n.id, n.name])), [notifiers]);

  async function test(n: NotifierDto) {
    setTesting(n.id);
    try {
      const d = await api.post<DeliveryDto>(`/api/v1/notifiers/${encodeURIComponent(n.id)}/test`, {});
      setTests((t) => ({ ...t, [n.id]: d }));
      if (d.ok) toast.success(`Test sent to '${n.name}'`, d.httpStatus !== null ? `HTTP ${d.httpStatus}` : undefined);
      else toast.error(`Test to '${n.name}' failed`, d.error ?? (d.httpStatus !== null ? `HTTP ${d.httpStatus}` : undefined));
      void reloadDeliveries();
    } catch (err) {
      toast.error(`Could not test '${n.name}'`, errorMessage(err));
    } finally {
      setTesting(null);
    }
  }
  async function remove() {
    if (!removing) return;
    setBusy(true);
    try {
      await api.del(`/api/v1/notifiers/${encodeURIComponent(removing.id)}`);
      setNotifiers((l) => l.filter((x) => x.id !== removing.id));
      toast.success(`Notifier '${removing.name}' removed`);
      setRemoving(null);
    } catch (err) {
      toast.error("Could not remove the notifier", errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4">
      <Card title="Add a webhook" description="Every alert that fires or resolves (unless silenced) is POSTed here, with retries.">
        <AddNotifier onAdded={(n) => setNotifiers((l) => [...l.filter((x) => x.id !== n.id), n])} />
      </Card>
      <Card title="Notifiers">
        {notifiers.length === 0 ? (
          <p className="px-4 py-4 text-sm text-slate-400" data-testid="empty-state">
            No notifiers yet — add a webhook above; alerts are only shown in the dashboard until then.
          </p>
        ) : (
          <ul className="divide-y divide-slate-800">
            {notifiers.map((n) => (
              <li key={n.id} data-testid={`notifier-row-${n.name}`} className="flex flex-wrap items-start gap-3 px-4 py-3">
                <div className="min-w-0 flex-1">
                  <p className="font-medium text-slate-100">{n.name}</p>
                  <p className="font-mono text-xs text-slate-400">
                    {n.type} · {n.target}
                  </p>
                  <p className="text-xs text-slate-500">
                    added by {n.createdBy} <RelativeTime iso={n.createdAt} />
                  </p>
                  {tests[n.id] ? <TestResult d={tests[n.id]!} /> : null}
                </div>
                <div className="flex gap-1.5">
                  <Button size="sm" onClick={() => test(n)} disabled={testing === n.id}>
                    {testing === n.id ? "Testing…" : "Test"}
                  </Button>
                  <Button size="sm" variant="danger-ghost" onClick={() => setRemoving(n)}>
                    Remove
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Delivery log" description="Newest first; retries show as further attempts. Refreshes every 5 s.">
        <Table caption="Notification deliveries" data-testid="delivery-log">
          <thead>
            <tr>
              <Th>Time</Th>
              <Th>Notifier</Th>
              <Th>Alert</Th>
              <Th>Status</Th>
              <Th>Attempt</Th>
              <Th>Result</Th>
              <Th>HTTP</Th>
              <Th>Error</Th>
            </tr>
          </thead>
          <tbody>
            {deliveries.length === 0 ? (
              <tr>
                <td colSpan={8} className="px-4 py-4 text-center text-sm text-slate-400">
                  Nothing delivered yet — use Test, or wait for an alert.
                </td>
              </tr>
            ) : (
              deliveries.map((d) => (
                <Tr key={d.id} data-testid="delivery-row" data-ok={String(d.ok)} data-status={d.status}>
                  <Td className="whitespace-nowrap">
                    <time dateTime={d.at} title={formatExact(d.at)}>
                      {new Date(d.at).toLocaleTimeString()}
                    </time>
                  </Td>
                  <Td>{names[d.notifierId] ?? <span className="text-slate-500">removed</span>}</Td>
                  <Td className="font-mono text-xs">{d.alertId ? <a href={`/alerts/${encodeURIComponent(d.alertId)}`} className="text-sky-300 hover:underline">{d.alertId.slice(0, 8)}</a> : "test"}</Td>
                  <Td>{d.status}</Td>
                  <Td>{d.attempt}</Td>
                  <Td className={d.ok ? "text-emerald-300" : "text-rose-300"}>{d.ok ? "✓ delivered" : "✗ failed"}</Td>
                  <Td>{d.httpStatus ?? "—"}</Td>
                  <Td className="max-w-xs break-words text-xs text-slate-400">{d.error ?? "—"}</Td>
                </Tr>
              ))
            )}
          </tbody>
        </Table>
      </Card>
      <Dialog open={removing !== null} onClose={() => setRemoving(null)} title={`Remove notifier '${removing?.name ?? ""}'?`} description="Alerts stop being sent to it; its delivery log stays." tone="danger" testId="remove-notifier-dialog">
        <DialogActions>
          <Button onClick={() => setRemoving(null)}>Cancel</Button>
          <Button variant="danger" onClick={remove} disabled={busy}>
            {busy ? "Removing…" : "Remove"}
          </Button>
        </DialogActions>
      </Dialog>
    </div>
  );
}
