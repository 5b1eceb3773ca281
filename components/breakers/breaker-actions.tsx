"use client";
// Operator actions on one breaker: Force open / Force closed (reason + duration, confirmed in a
// dialog that says what happens to traffic), Lift override, Reset. Only rendered for operators
// and admins — viewers get no controls at all.
import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { IconLock, IconRefresh } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { api, ApiError, errorMessage } from "@/lib/client/api";
import { validateField } from "@/lib/client/form-errors";
import { useLive } from "@/lib/client/stores/live";
import { toast } from "@/lib/client/stores/toasts";
import { forceRequestSchema, type BreakerDto } from "@/lib/contracts/breakers";
import { LiftDialog, liftOverride } from "./lift-dialog";

type ForceState = "open" | "closed";
const DURATIONS: Array<{ label: string; seconds: number | null }> = [
  { label: "5 min", seconds: 300 },
  { label: "15 min", seconds: 900 },
  { label: "1 h", seconds: 3600 },
  { label: "Until lifted", seconds: null },
];

function applyResult(b: BreakerDto | undefined) {
  if (b && typeof b === "object" && "name" in b) useLive.getState().breakerStats([b]);
}

export function BreakerActions({ breaker, size = "md", nowrap = false }: { breaker: BreakerDto; size?: "sm" | "md"; nowrap?: boolean }) {
  const [dialog, setDialog] = useState<ForceState | null>(null);
  const [resetOpen, setResetOpen] = useState(false);
  const [liftOpen, setLiftOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const forced = breaker.state === "forced_open" || breaker.state === "forced_closed";

  async function reset() {
    setBusy(true);
    try {
      const b = await api.post<BreakerDto>(`/api/v1/breakers/${encodeURIComponent(breaker.name)}/reset`);
      applyResult(b);
      setResetOpen(false);
      toast.success(`${breaker.name} reset`, "Closed, with empty windows and the open-time back-off cleared.");
    } catch (err) {
      toast.error(`Could not reset ${breaker.name}`, errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-focus-scope="" className={cn("flex items-center gap-2", nowrap ? "flex-nowrap justify-end whitespace-nowrap" : "flex-wrap")} data-testid={`breaker-actions-${breaker.name}`}>
      {breaker.state !== "forced_open" ? (
        <Button size={size} variant="danger-ghost" className="ring-1 ring-inset ring-rose-500/40" onClick={() => setDialog("open")}>
          <IconLock width={14} height={14} />
          Force open
        </Button>
      ) : null}
      {breaker.state !== "forced_closed" ? (
        <Button size={size} onClick={() => setDialog("closed")}>
          <IconLock width={14} height={14} />
          Force closed
        </Button>
      ) : null}
      {forced ? (
        <Button size={size} variant="primary" onClick={() => setLiftOpen(true)} disabled={busy}>
          Lift override
        </Button>
      ) : null}
      <Button size={size} variant="ghost" onClick={() => setResetOpen(true)} disabled={busy}>
        <IconRefresh width={14} height={14} />
        Reset
      </Button>
      {dialog ? <ForceDialog name={breaker.name} state={dialog} onClose={() => setDialog(null)} /> : null}
      {liftOpen ? <LiftDialog name={breaker.name} onClose={() => setLiftOpen(false)} /> : null}
      <ConfirmDialog
        open={resetOpen}
        onClose={() => setResetOpen(false)}
        onConfirm={() => void reset()}
        title={`Reset ${breaker.name}?`}
        description={`The breaker closes, its windows are emptied and the open-time back-off starts over. Requests to ${breaker.name} are let through at once.${forced ? " The override is lifted too." : ""}`}
        confirmLabel="Reset"
        busyLabel="Resetting…"
        busy={busy}
        testId="reset-dialog"
      />
    </div>
  );
}

function ForceDialog({ name, state, onClose }: { name: string; state: ForceState; onClose: () => void }) {
  const id = useId();
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string>();
  // a TTL by default: an override nobody remembers to lift outlives the incident
  const [duration, setDuration] = useState<number | null | "custom">(900);
  const [customMinutes, setCustomMinutes] = useState("10");
  const [customUnit, setCustomUnit] = useState<"s" | "min" | "h">("min");
  const [customError, setCustomError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  const label = state === "open" ? "Force open" : "Force closed";

  function ttlSeconds(): number | undefined | "invalid" {
    if (duration === null) return undefined;
    if (duration !== "custom") return duration;
    const n = Number(customMinutes);
    if (!customMinutes.trim() || !Number.isFinite(n) || n <= 0) return "invalid";
    return Math.round(n * (customUnit === "s" ? 1 : customUnit === "min" ? 60 : 3600));
  }
  const ttl = ttlSeconds();
  const until = typeof ttl === "number" ? new Date(Date.now() + ttl * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : null;
  const effect =
    state === "open"
      ? `All requests to ${name} will be rejected with 503 ${until ? `until ${until}` : "until the override is lifted"}.`
      : `All requests to ${name} will be let through, even if it is failing, ${until ? `until ${until}` : "until the override is lifted"}.`;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const rErr = validateField(forceRequestSchema.shape.reason, reason);
    setReasonError(rErr);
    const t = ttlSeconds();
    const tErr = t === "invalid" ? "enter a positive number" : t !== undefined ? validateField(forceRequestSchema.shape.ttlSeconds, t) : undefined;
    setCustomError(tErr);
    if (rErr) {
      reasonRef.current?.focus();
      return;
    }
    if (tErr || t === "invalid") return;
    setSaving(true);
    try {
      const b = await api.post<BreakerDto>(`/api/v1/breakers/${encodeURIComponent(name)}/force`, { state, reason: reason.trim(), ...(t !== undefined ? { ttlSeconds: t } : {}) });
      applyResult(b);
      onClose();
      toast.withAction(
        "success",
        `${label === "Force open" ? "Forced open" : "Forced closed"} · ${name}`,
        until ? `Until ${until}.` : "Until lifted.",
        { label: "Lift override", onClick: () => void liftOverride(name) },
        () => {
          const s = useLive.getState().breakers[name]?.state;
          return s === undefined || s === "forced_open" || s === "forced_closed";
        },
      );
    } catch (err) {
      if (err instanceof ApiError) {
        const fe = err.fieldErrors();
        if (fe.reason) setReasonError(fe.reason);
        if (fe.ttlSeconds) setCustomError(fe.ttlSeconds);
      }
      toast.error(`Could not ${label.toLowerCase()} ${name}`, errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog open onClose={onClose} title={`${label} ${name}?`} description={effect} tone={state === "open" ? "danger" : "default"} testId="force-dialog">
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field id={`${id}-reason`} label="Reason" error={reasonError} hint="Required, 3–500 characters; recorded in the audit trail.">
          <Input
            ref={reasonRef}
            id={`${id}-reason`}
            name="reason"
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            onBlur={() => reason && setReasonError(validateField(forceRequestSchema.shape.reason, reason))}
            invalid={Boolean(reasonError)}
            errorId={`${id}-reason-error`}
            placeholder="e.g. upstream maintenance, INC-1234"
            autoComplete="off"
          />
        </Field>
        <fieldset>
          <legend className="mb-1 block text-xs font-medium text-slate-300">Duration</legend>
          <div className="flex flex-wrap gap-1.5" role="group">
            {[...DURATIONS, { label: "Custom", seconds: -1 }].map((d) => {
              const value = d.seconds === -1 ? "custom" : d.seconds;
              const selected = duration === value;
              return (
                <button
                  key={d.label}
                  type="button"
                  aria-pressed={selected}
                  onClick={() => setDuration(value)}
                  className={cn(
                    "h-7 rounded-md px-2.5 text-xs font-medium ring-1 ring-inset",
                    selected ? "bg-sky-500/15 text-sky-200 ring-sky-500/50" : "bg-slate-800 text-slate-200 ring-slate-700 hover:bg-slate-700",
                  )}
                >
                  {d.label}
                </button>
              );
            })}
          </div>
          {duration === "custom" ? (
            <div className="mt-2 flex items-start gap-2">
              <Field id={`${id}-custom`} label="Custom duration" error={customError} className="w-32">
                <Input
                  id={`${id}-custom`}
                  inputMode="decimal"
                  value={customMinutes}
                  onChange={(e) => setCustomMinutes(e.target.value)}
                  invalid={Boolean(customError)}
                  errorId={`${id}-custom-error`}
                />
              </Field>
              <Field id={`${id}-unit`} label="Unit" className="w-28">
                <select
                  id={`${id}-unit`}
                  value={customUnit}
                  onChange={(e) => setCustomUnit(e.target.value as "s" | "min" | "h")}
                  className="block h-9 w-full rounded-md bg-slate-950 px-2 text-sm text-slate-100 ring-1 ring-inset ring-slate-700"
                >
                  <option value="s">seconds</option>
                  <option value="min">minutes</option>
                  <option value="h">hours</option>
                </select>
              </Field>
            </div>
          ) : null}
        </fieldset>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={state === "open" ? "danger" : "primary"} disabled={saving}>
            {saving ? "Saving…" : label}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
