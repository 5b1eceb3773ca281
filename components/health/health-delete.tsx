"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { api, errorMessage } from "@/lib/client/api";
import { useHealth } from "@/lib/client/stores/health";
import { toast } from "@/lib/client/stores/toasts";
import type { HealthCheckDto } from "@/lib/contracts/health";

/** Delete with confirmation; `then` = where to go afterwards (default: stay and refresh). */
export function DeleteHealthCheck({ check, then, size = "sm", onDeleted }: { check: HealthCheckDto; then?: string; size?: "sm" | "md"; onDeleted?: (id: string) => void }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await api.del(`/api/v1/health-checks/${encodeURIComponent(check.id)}`);
      useHealth.getState().remove(check.id);
      onDeleted?.(check.id);
      setOpen(false);
      toast.success(`Health check of '${check.service}' deleted`);
      if (then) router.push(then);
      router.refresh();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button variant="danger-ghost" size={size} onClick={() => setOpen(true)} data-testid="health-delete" aria-label={`Delete the ${check.protocol} check of ${check.service}`}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        onConfirm={() => void confirm()}
        title={`Delete the ${check.protocol} check of '${check.service}'?`}
        description={`Probing ${check.target} stops and its alert resolves; traffic to ${check.service} is not affected, but a dead upstream will only be noticed through failing calls.`}
        confirmLabel="Delete check"
        busyLabel="Deleting…"
        busy={busy}
        error={error}
        testId="delete-health-dialog"
        confirmTestId="health-delete-confirm"
      />
    </>
  );
}
