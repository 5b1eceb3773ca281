"use client";
// A button whose action is confirmed in a dialog first: runs `action`, closes on success (or stays
// open and busy while the page navigates away, `stayBusy`), and shows the error in the dialog.
import { useState } from "react";
import { errorMessage } from "@/lib/client/api";
import { Button, type ButtonVariant } from "./button";
import { ConfirmDialog } from "./confirm-dialog";

export function ConfirmedAction({
  label,
  ariaLabel,
  variant = "danger",
  size,
  className,
  testId,
  title,
  description,
  confirmLabel,
  busyLabel,
  action,
  stayBusy = false,
  dialogTestId,
  confirmTestId,
}: {
  label: string;
  /** The button's accessible name when `label` alone is ambiguous (several Stop buttons). */
  ariaLabel?: string;
  variant?: ButtonVariant;
  size?: "sm" | "md";
  className?: string;
  testId?: string;
  title: string;
  description: string;
  confirmLabel: string;
  busyLabel: string;
  action: () => Promise<void>;
  /** After success the dialog stays open and busy (the action navigates away). */
  stayBusy?: boolean;
  dialogTestId: string;
  confirmTestId?: string;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    setBusy(true);
    setError(null);
    try {
      await action();
      if (stayBusy) return;
      setOpen(false);
      setBusy(false);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }
  return (
    <>
      <Button variant={variant} size={size} className={className} onClick={() => setOpen(true)} aria-label={ariaLabel} data-testid={testId}>
        {label}
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        onConfirm={() => void run()}
        title={title}
        description={description}
        confirmLabel={confirmLabel}
        busyLabel={busyLabel}
        busy={busy}
        error={error}
        testId={dialogTestId}
        confirmTestId={confirmTestId}
      />
    </>
  );
}
