import { create } from "zustand";

export type ToastKind = "success" | "error" | "info" | "alert";
export type ToastSeverity = "critical" | "warning" | "info";
export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  description?: string;
  /** One follow-up action, e.g. Undo ("Lift override"). */
  action?: { label: string; onClick: () => void };
  /** Alert toasts: the alert's severity and a link to it. */
  severity?: ToastSeverity;
  link?: { href: string; label: string };
  /** Checked whenever live state changes; the toast goes away once it returns false (e.g. the override it offers to lift is gone). */
  stillRelevant?: () => boolean;
}

const MAX_TOASTS = 3;
const TTL_MS: Record<ToastKind, number> = { success: 5000, info: 5000, error: 9000, alert: 15_000 };
const ACTION_TTL_MS = 12_000;
let seq = 0;

interface ToastState {
  toasts: Toast[];
  push(t: Omit<Toast, "id">): number;
  dismiss(id: number): void;
}

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push: (t) => {
    const id = ++seq;
    set((s) => ({ toasts: [...s.toasts, { ...t, id }].slice(-MAX_TOASTS) }));
    if (typeof window !== "undefined") window.setTimeout(() => get().dismiss(id), t.action ? ACTION_TTL_MS : TTL_MS[t.kind]);
    return id;
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

/** Drops toasts whose subject changed (call on every live-state change). */
export function dropStaleToasts(): void {
  const { toasts, dismiss } = useToasts.getState();
  for (const t of toasts) if (t.stillRelevant && !t.stillRelevant()) dismiss(t.id);
}

export const toast = {
  success: (title: string, description?: string) => useToasts.getState().push({ kind: "success", title, description }),
  error: (title: string, description?: string) => useToasts.getState().push({ kind: "error", title, description }),
  info: (title: string, description?: string) => useToasts.getState().push({ kind: "info", title, description }),
  withAction: (kind: ToastKind, title: string, description: string | undefined, action: { label: string; onClick: () => void }, stillRelevant?: () => boolean) =>
    useToasts.getState().push({ kind, title, description, action, stillRelevant }),
  alert: (a: { severity: ToastSeverity; title: string; description?: string; href: string }) =>
    useToasts.getState().push({ kind: "alert", severity: a.severity, title: a.title, description: a.description, link: { href: a.href, label: "Open alert" } }),
};
