"use client";
// Acknowledge (with an optional comment, in a dialog), resolve, and silence (a dialog that builds
// matchers from the alert's labels and offers durations as buttons). Operators and admins only.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { api, ApiError, errorMessage } from "@/lib/client/api";
import { useAlerts } from "@/lib/client/stores/alerts";
import { toast } from "@/lib/client/stores/toasts";
import type { AlertDto, SilenceDto } from "@/lib/contracts/alerts";

const textareaClass = "block w-full rounded-md bg-slate-950 px-3 py-2 text-sm text-slate-100 ring-1 ring-inset ring-slate-700 placeholder:text-slate-400 hover:ring-slate-600";

export function AckDialog({ alert, open, onClose }: { alert: AlertDto; open: boolean; onClose: () => void }) {
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const a = await api.post<AlertDto>(`/api/v1/alerts/${encodeURIComponent(alert.id)}/ack`, comment.trim() ? { comment: comment.trim() } : {});
      useAlerts.getState().upsert(a);
      toast.success("Alert acknowledged", alert.title);
      setComment("");
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldErrors().comment ?? err.message) : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog open={open} onClose={onClose} title="Acknowledge alert" description={<>&ldquo;{alert.title}&rdquo; — it keeps its state; the nav badge and on-call stop counting it as unhandled.</>} testId="ack-dialog">
      <form onSubmit={submit} noValidate>
        <label htmlFor={`ack-comment-${alert.id}`} className="block text-xs font-medium text-slate-300">
          Comment
        </label>
        <textarea id={`ack-comment-${alert.id}`} rows={3} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="What you are doing about it (optional)" className={cn(textareaClass, "mt-1")} aria-invalid={Boolean(error) || undefined} aria-describedby={error ? `ack-error-${alert.id}` : undefined} />
        {error ? (
          <p id={`ack-error-${alert.id}`} role="alert" className="mt-1 text-xs text-rose-300">
            {error}
          </p>
        ) : null}
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={busy} data-testid="ack-confirm">
            {busy ? "Acknowledging…" : "Acknowledge"}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

const DURATIONS: Array<[string, number]> = [
  ["15 min", 15],
  ["1 h", 60],
  ["4 h", 240],
  ["24 h", 1440],
];

export function SilenceDialog({ alert, open, onClose, onCreated }: { alert: AlertDto; open: boolean; onClose: () => void; onCreated?: (s: SilenceDto) => void }) {
  const labelKeys = Object.keys(alert.labels).sort();
  const [picked, setPicked] = useState<Record<string, boolean>>(() => Object.fromEntries(labelKeys.map((k) => [k, true])));
  const [minutes, setMinutes] = useState(60);
  const [custom, setCustom] = useState("");
  const [comment, setComment] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const useCustom = custom.trim() !== "";
  const mins = useCustom ? Number(custom) : minutes;

  function check(): Record<string, string> {
    const e: Record<string, string> = {};
    if (!labelKeys.some((k) => picked[k])) e.matchers = "pick at least one label";
    if (!Number.isFinite(mins) || mins <= 0 || mins > 60 * 24 * 90) e.endsAt = "must be 1 minute to 90 days";
    const c = comment.trim();
    if (c.length < 3 || c.length > 500) e.comment = "must be 3 to 500 characters";
    return e;
  }
  async function submit(ev: React.FormEvent) {
    ev.preventDefault();
    const e = check();
    setErrors(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    try {
      const matchers = Object.fromEntries(labelKeys.filter((k) => picked[k]).map((k) => [k, alert.labels[k]!]));
      const s = await api.post<SilenceDto>("/api/v1/silences", { matchers, endsAt: new Date(Date.now() + mins * 60_000).toISOString(), comment: comment.trim() });
      toast.success("Silence created", `Matching alerts are recorded but not notified until ${new Date(s.endsAt).toLocaleTimeString()}.`);
      onCreated?.(s);
      window.dispatchEvent(new Event("breakwater:silences-changed"));
      setComment("");
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.details.length) {
        const byPath: Record<string, string> = {};
        for (const [p, m] of Object.entries(err.fieldErrors())) byPath[p.startsWith("matchers") ? "matchers" : p] = m;
        setErrors(byPath);
      } else setErrors({ form: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog open={open} onClose={onClose} title="Silence matching alerts" description="Alerts whose labels match are still recorded, but no notifications are sent while the silence holds." testId="silence-dialog">
      <form onSubmit={submit} noValidate className="space-y-4">
        {errors.form ? (
          <p role="alert" className="text-sm text-rose-300">
            {errors.form}
          </p>
        ) : null}
        <fieldset>
          <legend className="text-xs font-medium text-slate-300">Match labels</legend>
          <ul className="mt-1 space-y-1">
            {labelKeys.map((k) => (
              <li key={k} className="flex items-center gap-2">
                <input id={`silence-${alert.id}-${k}`} type="checkbox" checked={Boolean(picked[k])} onChange={(e) => setPicked((p) => ({ ...p, [k]: e.target.checked }))} className="h-4 w-4 accent-sky-500" />
                <label htmlFor={`silence-${alert.id}-${k}`} className="font-mono text-xs text-slate-200">
                  {k}=&quot;{alert.labels[k]}&quot;
                </label>
              </li>
            ))}
          </ul>
          {errors.matchers ? <p className="mt-1 text-xs text-rose-300" data-testid="silence-error-matchers">{errors.matchers}</p> : null}
        </fieldset>
        <fieldset>
          <legend className="text-xs font-medium text-slate-300">Duration</legend>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            {DURATIONS.map(([label, m]) => (
              <button
                key={m}
                type="button"
                aria-pressed={!useCustom && minutes === m}
                onClick={() => {
                  setMinutes(m);
                  setCustom("");
                }}
                className={cn("h-7 rounded-md px-2.5 text-xs font-medium ring-1 ring-inset", !useCustom && minutes === m ? "bg-sky-500/15 text-sky-200 ring-sky-500/40" : "text-slate-300 ring-slate-700 hover:bg-slate-800")}
              >
                {label}
              </button>
            ))}
            <label htmlFor={`silence-${alert.id}-minutes`} className="ml-2 text-xs text-slate-400">
              Custom (minutes)
            </label>
            <Input id={`silence-${alert.id}-minutes`} inputMode="numeric" value={custom} onChange={(e) => setCustom(e.target.value)} className="h-7 w-20" />
          </div>
          {errors.endsAt ? <p className="mt-1 text-xs text-rose-300">{errors.endsAt}</p> : null}
        </fieldset>
        <div>
          <label htmlFor={`silence-${alert.id}-comment`} className="block text-xs font-medium text-slate-300">
            Reason
          </label>
          <textarea id={`silence-${alert.id}-comment`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} onBlur={() => setErrors((x) => ({ ...x, comment: check().comment ?? "" }))} placeholder="Why (3–500 characters), e.g. planned maintenance" className={cn(textareaClass, "mt-1")} aria-invalid={Boolean(errors.comment) || undefined} />
          {errors.comment ? <p className="mt-1 text-xs text-rose-300" data-testid="silence-error-comment">{errors.comment}</p> : null}
        </div>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={busy} data-testid="silence-confirm">
            {busy ? "Creating…" : "Create silence"}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

export function AlertActions({ alert, compact = false }: { alert: AlertDto; compact?: boolean }) {
  const [ack, setAck] = useState(false);
  const [silence, setSilence] = useState(false);
  const [busy, setBusy] = useState(false);
  async function resolve() {
    setBusy(true);
    try {
      const a = await api.post<AlertDto>(`/api/v1/alerts/${encodeURIComponent(alert.id)}/resolve`, {});
      useAlerts.getState().upsert(a);
      toast.success("Alert resolved", alert.title);
    } catch (err) {
      toast.error("Could not resolve the alert", errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  const size = compact ? "sm" : "md";
  return (
    <div className="flex flex-wrap justify-end gap-1.5">
      {alert.status === "firing" ? (
        <Button size={size} variant="secondary" onClick={() => setAck(true)}>
          Acknowledge
        </Button>
      ) : null}
      {alert.status !== "resolved" ? (
        <Button size={size} variant="ghost" onClick={resolve} disabled={busy}>
          Resolve
        </Button>
      ) : null}
      <Button size={size} variant="ghost" onClick={() => setSilence(true)}>
        Silence
      </Button>
      <AckDialog alert={alert} open={ack} onClose={() => setAck(false)} />
      {silence ? <SilenceDialog alert={alert} open={silence} onClose={() => setSilence(false)} /> : null}
    </div>
  );
}
