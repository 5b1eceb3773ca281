"use client";
// Pinning an adaptive bulkhead's limit (operators): the limit to hold, why, and for how long (a pin
// always ends by itself, at most after a day). Checked with the shared pin schema before sending;
// the server's refusals land on the same fields.
import { useId, useRef, useState } from "react";
import { Dialog, DialogSubmit } from "@/components/ui/dialog";
import { DurationPicker, useTtlChoice } from "@/components/ui/duration-picker";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ReasonField } from "@/components/ui/reason-field";
import { api, ApiError, errorMessage } from "@/lib/client/api";
import { validateField } from "@/lib/client/form-errors";
import { useLive } from "@/lib/client/stores/live";
import { toast } from "@/lib/client/stores/toasts";
import { pinRequestSchema } from "@/lib/contracts/adaptive";
import type { BulkheadDto } from "@/lib/contracts/breakers";

const pinPath = (service: string) => `/api/v1/bulkheads/${encodeURIComponent(service)}/pin`;

/** Shows the bulkhead the API answered with at once (the next bulkhead:stats confirms it). */
function applyResult(b: BulkheadDto | undefined) {
  if (b && typeof b === "object" && "service" in b) useLive.getState().bulkheadStats([b]);
}

/** The limit's message: the schema's rule, then the service's own ceiling. */
function limitError(raw: string, maxLimit: number): string | undefined {
  if (!raw.trim()) return "is required";
  const n = Number(raw);
  return validateField(pinRequestSchema.shape.limit, n) ?? (n > maxLimit ? `must be at most ${maxLimit} (the max limit)` : undefined);
}

export async function unpinLimit(service: string): Promise<boolean> {
  try {
    applyResult(await api.del<BulkheadDto>(pinPath(service)));
    toast.success(`Pin removed · ${service}`, "The algorithm sets the limit again.");
    return true;
  } catch (err) {
    toast.error(`Could not unpin ${service}`, errorMessage(err));
    return false;
  }
}

export function PinDialog({ bulkhead, onClose }: { bulkhead: BulkheadDto & { adaptive: NonNullable<BulkheadDto["adaptive"]> }; onClose: () => void }) {
  const id = useId();
  const { service, adaptive } = bulkhead;
  const [limit, setLimit] = useState(String(bulkhead.limit));
  const [limitMessage, setLimitMessage] = useState<string>();
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string>();
  const ttlChoice = useTtlChoice(900);
  const [saving, setSaving] = useState(false);
  const limitRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const until = ttlChoice.until;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const lErr = limitError(limit, adaptive.maxLimit);
    const rErr = validateField(pinRequestSchema.shape.reason, reason);
    setLimitMessage(lErr);
    setReasonError(rErr);
    const ttl = ttlChoice.check(pinRequestSchema.shape.ttlSeconds);
    if (lErr) return limitRef.current?.focus();
    if (rErr) return reasonRef.current?.focus();
    if (ttl === "invalid" || ttl === undefined) return;
    setSaving(true);
    try {
      applyResult(await api.post<BulkheadDto>(pinPath(service), { limit: Number(limit), reason: reason.trim(), ttlSeconds: ttl }));
      onClose();
      toast.withAction("success", `Limit pinned at ${limit} · ${service}`, until ? `Until ${until}.` : undefined, { label: "Unpin", onClick: () => void unpinLimit(service) }, () => Boolean(useLive.getState().bulkheads[service]?.adaptive?.pinned));
    } catch (err) {
      if (err instanceof ApiError) {
        const fe = err.fieldErrors();
        if (fe.limit) setLimitMessage(fe.limit);
        if (fe.reason) setReasonError(fe.reason);
        if (fe.ttlSeconds) ttlChoice.setError(fe.ttlSeconds);
      }
      toast.error(`Could not pin ${service}`, errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title={`Pin the limit of ${service}?`}
      description={`At most ${limit || "…"} calls run at once ${until ? `until ${until}` : "for the chosen time"}; the ${adaptive.algorithm} algorithm keeps observing and takes over again when the pin ends.`}
      testId="pin-dialog"
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field id={`${id}-limit`} label="Limit" error={limitMessage} hint={`1–${adaptive.maxLimit}; may be below the min limit (${adaptive.minLimit}) to throttle harder. Now ${bulkhead.limit}.`}>
          <Input ref={limitRef} inputMode="numeric" name="limit" value={limit} onChange={(e) => setLimit(e.target.value)} onBlur={() => setLimitMessage(limitError(limit, adaptive.maxLimit))} autoComplete="off" />
        </Field>
        <ReasonField id={`${id}-reason`} value={reason} onChange={setReason} error={reasonError} onError={setReasonError} schema={pinRequestSchema.shape.reason} inputRef={reasonRef} hint="Required, up to 500 characters; recorded in the audit trail." />
        <DurationPicker id={id} choice={ttlChoice} untilLifted={false} />
        <DialogSubmit onCancel={onClose} busy={saving} label="Pin limit" busyLabel="Pinning…" />
      </form>
    </Dialog>
  );
}
