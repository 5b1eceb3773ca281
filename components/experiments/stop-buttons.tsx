"use client";
// Halting experiments (operators): one, or every scheduled and running one. Each is confirmed in a
// dialog that says what happens to traffic; the outcome is a toast.
import { cn } from "@/components/ui/cn";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import { stopAllExperiments, stopExperiment } from "@/lib/client/experiment-hooks";
import { toast } from "@/lib/client/stores/toasts";
import type { ExperimentDto } from "@/lib/contracts/experiments";

export function StopExperimentButton({ experiment: e, size = "sm", label = "Stop" }: { experiment: Pick<ExperimentDto, "id" | "name" | "service">; size?: "sm" | "md"; label?: string }) {
  return (
    <ConfirmedAction
      label={label}
      ariaLabel={`${label} ${e.name}`}
      size={size}
      title={`Stop ${e.name}?`}
      description={`Fault injection into ${e.service} ends at once, on every instance, and the experiment is recorded as stopped by you. Its report is judged on what was observed so far.`}
      confirmLabel="Stop experiment"
      busyLabel="Stopping…"
      testId={`stop-experiment-${e.id}`}
      dialogTestId={`stop-experiment-${e.id}-dialog`}
      confirmTestId={`stop-experiment-${e.id}-confirm`}
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
      busyLabel="Stopping…"
      testId="stop-all-experiments"
      dialogTestId="stop-all-experiments-dialog"
      confirmTestId="stop-all-experiments-confirm"
      action={async () => {
        const stopped = await stopAllExperiments();
        toast.success(stopped.length === 1 ? "Stopped 1 experiment" : `Stopped ${stopped.length} experiments`);
      }}
    />
  );
}
