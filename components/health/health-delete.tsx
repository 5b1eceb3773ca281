"use client";
import { useRouter } from "next/navigation";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import { api } from "@/lib/client/api";
import { useHealth } from "@/lib/client/stores/health";
import { toast } from "@/lib/client/stores/toasts";
import type { HealthCheckDto } from "@/lib/contracts/health";

/** Delete with confirmation; `then` = where to go afterwards (default: stay and refresh). */
export function DeleteHealthCheck({ check, then, size = "sm", onDeleted }: { check: HealthCheckDto; then?: string; size?: "sm" | "md"; onDeleted?: (id: string) => void }) {
  const router = useRouter();
  return (
    <ConfirmedAction
      label="Delete"
      ariaLabel={`Delete the ${check.protocol} check of ${check.service}`}
      variant="danger-ghost"
      size={size}
      testId="health-delete"
      title={`Delete the ${check.protocol} check of '${check.service}'?`}
      description={`Probing ${check.target} stops and its alert resolves; traffic to ${check.service} is not affected, but a dead upstream will only be noticed through failing calls.`}
      confirmLabel="Delete check"
      busyLabel="Deleting…"
      dialogTestId="delete-health-dialog"
      confirmTestId="health-delete-confirm"
      action={async () => {
        await api.del(`/api/v1/health-checks/${encodeURIComponent(check.id)}`);
        useHealth.getState().remove(check.id);
        onDeleted?.(check.id);
        toast.success(`Health check of '${check.service}' deleted`);
        if (then) router.push(then);
        router.refresh();
      }}
    />
  );
}
