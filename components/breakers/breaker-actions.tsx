"use client";
// Operator actions on one breaker: Force open / Force closed (reason + duration, confirmed in a
// dialog that says what happens to traffic), Lift override, Reset. Only rendered for operators
// and admins — viewers get no controls at all.
import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogSubmit } from "@/components/ui/dialog";
import { DurationPicker, useTtlChoice } from "@/components/ui/duration-picker";
import { IconLock, IconRefresh } from "@/components/ui/icons";
import { ReasonField } from "@/components/ui/reason-field";
import { api, ApiError, errorMessage } from "@/lib/client/api";
import { validateField } from "@/lib/client/form-errors";
import { useLive } from "@/lib/client/stores/live";
import { toast } from "@/lib/client/stores/toasts";
import { forceRequestSchema, type BreakerDto } from "@/lib/contracts/breakers";
import { LiftDialog, liftOverride } from "./lift-dialog";

type ForceState = "open" | "closed";

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
  const ttlChoice = useTtlChoice();
  const [saving, setSaving] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  const label = state === "open" ? "Force open" : "Force closed";

  const until = ttlChoice.until;
  const effect =
    state === "open"
      ? `All requests to ${name} will be rejected with 503 ${until ? `until ${until}` : "until the override is lifted"}.`
      : `All requests to ${name} will be let through, even if it is failing, ${until ? `until ${until}` : "until the override is lifted"}.`;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const rErr = validateField(forceRequestSchema.shape.reason, reason);
    setReasonError(rErr);
    const t = ttlChoice.check(forceRequestSchema.shape.ttlSeconds);
    if (rErr) {
      reasonRef.current?.focus();
      return;
    }
    if (t === "invalid") return;
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
        if (fe.ttlSeconds) ttlChoice.setError(fe.ttlSeconds);
      }
      toast.error(`Could not ${label.toLowerCase()} ${name}`, errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog open onClose={onClose} title={`${label} ${name}?`} description={effect} tone={state === "open" ? "danger" : "default"} testId="force-dialog">
      <form onSubmit={submit} noValidate className="space-y-4">
        <ReasonField id={`${id}-reason`} value={reason} onChange={setReason} error={reasonError} onError={setReasonError} schema={forceRequestSchema.shape.reason} inputRef={reasonRef} />
        <DurationPicker id={id} choice={ttlChoice} />
        <DialogSubmit onCancel={onClose} busy={saving} label={label} variant={state === "open" ? "danger" : "primary"} />
      </form>
    </Dialog>
  );
}
