"use client";
import type { ReactNode } from "react";
import { Button } from "./button";
import { Dialog, DialogActions } from "./dialog";

/** "Are you sure?" for a destructive action: Cancel, and the action (disabled while it runs). */
export function ConfirmDialog({
  open,
  onClose,
  onConfirm,
  title,
  description,
  confirmLabel,
  busyLabel,
  busy,
  error,
  testId,
  confirmTestId,
}: {
  open: boolean;
  onClose: () => void;
  onConfirm: () => void;
  title: ReactNode;
  description?: ReactNode;
  confirmLabel: string;
  /** The action's label while it runs ("Deleting…"). */
  busyLabel?: string;
  busy: boolean;
  /** Why the last attempt failed, shown above the buttons. */
  error?: string | null;
  testId?: string;
  confirmTestId?: string;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={title} description={description} tone="danger" testId={testId}>
      {error ? (
        <p role="alert" className="text-sm text-rose-300">
          {error}
        </p>
      ) : null}
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="danger" onClick={onConfirm} disabled={busy} data-testid={confirmTestId}>
          {busy && busyLabel ? busyLabel : confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
