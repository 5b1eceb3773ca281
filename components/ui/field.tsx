import type { ReactNode } from "react";
import { cn } from "./cn";

/** Label above, control, then the hint or the error message (id `${id}-error`) below. */
export function Field({
  id,
  label,
  error,
  hint,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={id} className="block text-xs font-medium text-slate-300">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} data-testid={`${id}-error`} className="text-xs text-rose-300">
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-slate-400">{hint}</p>
      ) : null}
    </div>
  );
}

/** Props to spread on the control inside a Field. */
export function fieldControl(id: string, error?: string) {
  return { id, name: id, invalid: Boolean(error), errorId: `${id}-error` };
}
