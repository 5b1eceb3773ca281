"use client";
// One field row for every form: label (`for` the control), the control, then the error message
// (id `${id}-error`) or the hint (id `${id}-hint`) below it. The Input, Select or TextArea inside
// takes its id, aria-invalid and aria-describedby from the row unless it is given its own.
import { createContext, useContext, type ReactNode } from "react";
import { cn } from "./cn";

interface FieldContextValue {
  id: string;
  invalid: boolean;
  describedBy?: string;
}
const FieldContext = createContext<FieldContextValue | null>(null);

/** The row a control sits in, if any. */
export const useFieldContext = () => useContext(FieldContext);

export interface FieldProps {
  id: string;
  label: ReactNode;
  /** A unit shown after the label, e.g. "ms". */
  unit?: string;
  error?: ReactNode;
  hint?: ReactNode;
  /** data-testid of the error message; `${id}-error` unless given. */
  errorTestId?: string;
  className?: string;
  children: ReactNode;
}

export function Field({ id, label, unit, error, hint, errorTestId, className, children }: FieldProps) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const ctx: FieldContextValue = { id, invalid: Boolean(error), describedBy: error ? errorId : hint ? hintId : undefined };
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={id} className="block text-xs font-medium text-slate-300">
        {label}
        {unit ? <span className="text-slate-400"> ({unit})</span> : null}
      </label>
      <FieldContext value={ctx}>{children}</FieldContext>
      {error ? (
        <p id={errorId} data-testid={errorTestId ?? errorId} className="text-xs text-rose-300">
          {error}
        </p>
      ) : hint ? (
        <p id={hintId} className="text-xs text-slate-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** Props to spread on the control inside a Field when it is not bound by useFormState. */
export function fieldControl(id: string, error?: string) {
  return { id, name: id, invalid: Boolean(error), errorId: `${id}-error` };
}

/** A checkbox (or switch) with its label beside it, the hint and the error message below. */
export function CheckField({
  id,
  label,
  hint,
  error,
  errorTestId,
  checked,
  onChange,
  asSwitch,
  name,
  className,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  errorTestId?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** role="switch": for toggles that show or hide more fields. */
  asSwitch?: boolean;
  name?: string;
  className?: string;
}) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <div className={cn("flex items-start gap-3", className)}>
      <input
        id={id}
        name={name}
        type="checkbox"
        role={asSwitch ? "switch" : undefined}
        aria-checked={asSwitch ? checked : undefined}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : hint ? hintId : undefined}
        className="mt-0.5 h-4 w-4 accent-sky-500"
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-100">
          {label}
        </label>
        {hint ? (
          <p id={hintId} className="text-xs text-slate-400">
            {hint}
          </p>
        ) : null}
        {error ? (
          <p id={errorId} data-testid={errorTestId ?? errorId} className="text-xs text-rose-300">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** The form-level message (what no field shows), announced when it appears. */
export function FormAlert({ message, testId }: { message: string | null; testId?: string }) {
  if (!message) return null;
  return (
    <p role="alert" data-testid={testId} className="rounded-md bg-rose-500/10 px-3 py-2 text-sm text-rose-200 ring-1 ring-inset ring-rose-500/30">
      {message}
    </p>
  );
}
