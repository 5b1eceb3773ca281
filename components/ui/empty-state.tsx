import type { ReactNode } from "react";

export function EmptyState({ icon, title, children, action }: { icon?: ReactNode; title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div data-testid="empty-state" className="rounded-lg border border-dashed border-slate-700 bg-slate-900/50 px-6 py-12 text-center">
      {icon ? <div className="mx-auto mb-3 flex h-10 w-10 items-center justify-center rounded-full bg-slate-800 text-slate-300">{icon}</div> : null}
      <h2 className="text-base font-semibold text-slate-100">{title}</h2>
      {children ? <div className="mx-auto mt-2 max-w-xl space-y-2 text-sm text-slate-400">{children}</div> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}
