import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export function Card({ title, description, actions, children, className, ...rest }: { title?: ReactNode; description?: ReactNode; actions?: ReactNode; children?: ReactNode; className?: string } & Omit<HTMLAttributes<HTMLElement>, "title">) {
  return (
    <section className={cn("rounded-lg bg-slate-900 ring-1 ring-slate-800", className)} {...rest}>
      {title || actions ? (
        <header className="flex items-start justify-between gap-4 border-b border-slate-800 px-4 py-3">
          <div>
            {title ? <h2 className="text-sm font-semibold text-slate-100">{title}</h2> : null}
            {description ? <p className="mt-0.5 text-xs text-slate-400">{description}</p> : null}
          </div>
          {actions}
        </header>
      ) : null}
      {children}
    </section>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-xl font-semibold text-slate-50">{title}</h1>
        {description ? <p className="mt-1 text-sm text-slate-400">{description}</p> : null}
      </div>
      {actions}
    </div>
  );
}
