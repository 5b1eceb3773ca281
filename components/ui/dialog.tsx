"use client";
// Modal dialog: role="dialog", aria-modal, labelled by its title, focus trapped inside, Escape and
// Cancel close it, and focus returns to whatever opened it.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { Button, type ButtonVariant } from "./button";
import { cn } from "./cn";

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  tone = "default",
  testId,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  tone?: "default" | "danger";
  testId?: string;
}) {
  const id = useId();
  const panel = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });

  useEffect(() => {
    if (!open) return;
    const opener = document.activeElement as HTMLElement | null;
    // if the opener disappears (e.g. "Force open" turns into "Lift override"), focus returns to its group
    const scope = opener?.closest<HTMLElement>("[data-focus-scope]") ?? null;
    const node = panel.current;
    // first field, else the first button, else the panel
    const first = node?.querySelector<HTMLElement>("input, select, textarea") ?? node?.querySelector<HTMLElement>(FOCUSABLE) ?? node;
    first?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        closeRef.current();
        return;
      }
      if (e.key !== "Tab" || !node) return;
      const items = [...node.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
      if (items.length === 0) return e.preventDefault();
      const firstEl = items[0]!;
      const lastEl = items[items.length - 1]!;
      if (e.shiftKey && document.activeElement === firstEl) {
        e.preventDefault();
        lastEl.focus();
      } else if (!e.shiftKey && document.activeElement === lastEl) {
        e.preventDefault();
        firstEl.focus();
      }
    };
    document.addEventListener("keydown", onKey, true);
    // everything outside the dialog is inert while it is open (keyboard and screen readers)
    const portalRoot = node?.closest("[data-dialog-root]");
    const madeInert: Element[] = [];
    for (const el of Array.from(document.body.children)) {
      if (el === portalRoot || el.hasAttribute("inert") || el.hasAttribute("data-toaster") || el.tagName === "SCRIPT") continue;
      el.setAttribute("inert", "");
      madeInert.push(el);
    }
    return () => {
      for (const el of madeInert) el.removeAttribute("inert");
      document.removeEventListener("keydown", onKey, true);
      if (opener && document.contains(opener)) opener.focus();
      else if (scope && document.contains(scope)) (scope.querySelector<HTMLElement>(FOCUSABLE) ?? scope).focus();
    };
  }, [open]);

  if (!open || typeof document === "undefined") return null;
  return createPortal(
    <div data-dialog-root="" className="fixed inset-0 z-50 flex items-center justify-center p-4">
      <div className="absolute inset-0 bg-slate-950/75" aria-hidden="true" onClick={() => closeRef.current()} />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={description ? `${id}-desc` : undefined}
        tabIndex={-1}
        data-testid={testId}
        className={cn("relative max-h-[calc(100dvh-2rem)] w-full max-w-md overflow-y-auto overscroll-contain rounded-lg bg-slate-900 p-4 shadow-xl ring-1 sm:p-5", tone === "danger" ? "ring-rose-500/40" : "ring-slate-700")}
      >
        <h2 id={`${id}-title`} className="text-base font-semibold text-slate-50">
          {title}
        </h2>
        {description ? (
          <p id={`${id}-desc`} className="mt-1 text-sm text-slate-400">
            {description}
          </p>
        ) : null}
        <div className="mt-4">{children}</div>
      </div>
    </div>,
    document.body,
  );
}

/** Footer row: Cancel on the left of the confirm button, both on the right. */
export function DialogActions({ children }: { children: ReactNode }) {
  return <div className="mt-5 flex flex-wrap justify-end gap-2">{children}</div>;
}

/** A dialog form's footer: Cancel, and the submit button (disabled, with `busyLabel`, while it runs). */
export function DialogSubmit({ onCancel, busy, label, busyLabel = "Saving…", variant = "primary" }: { onCancel: () => void; busy: boolean; label: string; busyLabel?: string; variant?: ButtonVariant }) {
  return (
    <DialogActions>
      <Button onClick={onCancel}>Cancel</Button>
      <Button type="submit" variant={variant} disabled={busy}>
        {busy ? busyLabel : label}
      </Button>
    </DialogActions>
  );
}
