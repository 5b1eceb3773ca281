"use client";
// Halting experiments (operators): one, or every scheduled and running one. Each is confirmed in a
// dialog that says what happens to traffic; the outcome is a toast.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { errorMessage } from "@/lib/client/api";
import { stopAllExperiments, stopExperiment } from "@/lib/client/experiment-hooks";
import { toast } from "@/lib/client/stores/toasts";
import type { ExperimentDto } from "@/lib/contracts/experiments";

/** A button and its confirmation: runs `action`, closes on success, shows the error otherwise. */
function ConfirmedAction({
  label,
  ariaLabel,
  title,
  description,
  confirmLabel,
  action,
  className,
  size = "sm",
  testId,
}: {
  label: string;
  /** The button's accessible name when `label` alone is ambiguous (several Stop buttons). */
  ariaLabel?: string;
  title: string;
  description: string;
  confirmLabel: string;
  action: () => Promise<void>;
  className?: string;
  size?: "sm" | "md";
  testId: string;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    setBusy(true);
    setError(null);
    try {
      await action();
      setOpen(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button variant="danger" size={size} className={className} onClick={() => setOpen(true)} aria-label={ariaLabel} data-testid={testId}>
        {label}
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        onConfirm={() => void run()}
        title={title}
        description={description}
        confirmLabel={confirmLabel}
        busyLabel="Stopping…"
        busy={busy}
        error={error}
        testId={`${testId}-dialog`}
        confirmTestId={`${testId}-confirm`}
      />
    </>
  );
}

export function StopExperimentButton({ experiment: e, size, label = "Stop" }: { experiment: Pick<ExperimentDto, "id" | "name" | "service">; size?: "sm" | "md"; label?: string }) {
  return (
    <ConfirmedAction
      label={label}
      ariaLabel={`${label} ${e.name}`}
      size={size}
      title={`Stop ${e.name}?`}
      description={`Fault injection into ${e.service} ends at once, on every instance, and the experiment is recorded as stopped by you. Its report is judged on what was observed so far.`}
      confirmLabel="Stop experiment"
      testId={`stop-experiment-${e.id}`}
      action={async () => {
        await stopExperiment(e.id);
        toast.success(`Stopped ${e.name}`, `${e.service} gets its normal traffic again.`);
      }}
    />
  );
}

export function StopAllButton({ className }: { className?: string }) {
  return (
    <ConfirmedAction
      label="Stop all experiments"
      size="md"
      className={cn("font-semibold uppercase tracking-wide", className)}
      title="Stop all experiments?"
      description="Every running and scheduled chaos experiment stops at once, on every instance: no more faults are injected anywhere."
      confirmLabel="Stop all"
      testId="stop-all-experiments"
      action={async () => {
        const stopped = await stopAllExperiments();
        toast.success(stopped.length === 1 ? "Stopped 1 experiment" : `Stopped ${stopped.length} experiments`);
      }}
    />
  );
}
