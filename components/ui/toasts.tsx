"use client";
import Link from "next/link";
import { useEffect, useState, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { useLive } from "@/lib/client/stores/live";
import { dropStaleToasts, useToasts, type ToastKind, type ToastSeverity } from "@/lib/client/stores/toasts";
import { cn } from "./cn";
import { IconAlert, IconCheck, IconInfo, IconX } from "./icons";

const STYLE: Record<ToastKind, { ring: string; icon: ReactNode; label: string }> = {
  success: { ring: "ring-emerald-500/40", icon: <IconCheck className="text-emerald-400" />, label: "Done" },
  error: { ring: "ring-rose-500/50", icon: <IconAlert className="text-rose-400" />, label: "Error" },
  info: { ring: "ring-sky-500/40", icon: <IconInfo className="text-sky-400" />, label: "Info" },
  alert: { ring: "ring-rose-500/50", icon: <IconAlert className="text-rose-400" />, label: "Alert" },
};

const SEVERITY: Record<ToastSeverity, { ring: string; icon: ReactNode; label: string; text: string }> = {
  critical: { ring: "ring-rose-500/60", icon: <IconAlert className="text-rose-400" />, label: "Critical", text: "text-rose-300" },
  warning: { ring: "ring-amber-500/60", icon: <IconAlert className="text-amber-400" />, label: "Warning", text: "text-amber-300" },
  info: { ring: "ring-slate-500/60", icon: <IconInfo className="text-slate-300" />, label: "Info", text: "text-slate-300" },
};

/** The page's toast stack (at most three), inside a polite live region. */
export function Toaster() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  // a toast offering to undo something goes away once that thing changed (e.g. the override was lifted)
  useEffect(() => useLive.subscribe(() => dropStaleToasts()), []);
  if (!mounted) return null;
  // portalled to <body> so it stays live (not inert) while a dialog is open
  return createPortal(
    <div
      data-toaster=""
      role="region"
      aria-label="Notifications"
      className="pointer-events-none fixed bottom-4 left-4 right-4 z-[60] flex flex-col gap-2 sm:left-auto sm:w-80"
    >
      <div aria-live="polite" aria-atomic="false" className="flex flex-col gap-2" data-testid="toasts">
        {toasts.map((t) => {
          const sev = t.kind === "alert" && t.severity ? SEVERITY[t.severity] : null;
          const s = sev ?? STYLE[t.kind];
          return (
            <div
              key={t.id}
              data-testid="toast"
              data-kind={t.kind}
              data-severity={t.severity}
              className={cn("pointer-events-auto flex items-start gap-2 rounded-md bg-slate-900 p-3 shadow-lg ring-1", s.ring, sev && "animate-[bw-arrive_1s_ease-in-out_1]")}
            >
              <span className="mt-0.5">{s.icon}</span>
              <div className="min-w-0 flex-1">
                {sev ? <p className={cn("text-[11px] font-semibold uppercase tracking-wide", sev.text)}>{sev.label} alert</p> : null}
                <p className="text-sm font-medium text-slate-100">
                  {sev ? null : <span className="sr-only">{s.label}: </span>}
                  {t.title}
                </p>
                {t.description ? <p className="mt-0.5 break-words text-xs text-slate-400">{t.description}</p> : null}
                {t.link ? (
                  <Link href={t.link.href} onClick={() => dismiss(t.id)} data-testid="toast-link" className="mt-1.5 inline-block rounded text-xs font-medium text-sky-300 underline-offset-2 hover:underline">
                    {t.link.label}
                  </Link>
                ) : null}
                {t.action ? (
                  <button
                    type="button"
                    data-testid="toast-action"
                    onClick={() => {
                      dismiss(t.id);
                      t.action?.onClick();
                    }}
                    className="mt-1.5 rounded text-xs font-medium text-sky-300 underline-offset-2 hover:underline"
                  >
                    {t.action.label}
                  </button>
                ) : null}
              </div>
              <button type="button" onClick={() => dismiss(t.id)} className="rounded p-0.5 text-slate-400 hover:text-slate-100" aria-label="Dismiss notification">
                <IconX />
              </button>
            </div>
          );
        })}
      </div>
    </div>,
    document.body,
  );
}
