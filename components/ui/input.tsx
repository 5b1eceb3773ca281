import type { InputHTMLAttributes, Ref, SelectHTMLAttributes } from "react";
import { cn } from "./cn";

const base =
  "block w-full rounded-md bg-slate-950 px-3 text-sm text-slate-100 ring-1 ring-inset placeholder:text-slate-500 disabled:opacity-60";

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  /** Error message id to announce (set by Field); marks the input invalid. */
  errorId?: string;
  invalid?: boolean;
  ref?: Ref<HTMLInputElement>;
}

export function Input({ className, errorId, invalid, ...rest }: InputProps) {
  return (
    <input
      aria-invalid={invalid || undefined}
      aria-describedby={invalid && errorId ? errorId : rest["aria-describedby"]}
      className={cn(base, "h-9", invalid ? "ring-rose-500" : "ring-slate-700 hover:ring-slate-600", className)}
      {...rest}
    />
  );
}

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  errorId?: string;
  invalid?: boolean;
  ref?: Ref<HTMLSelectElement>;
}

export function Select({ className, errorId, invalid, children, ...rest }: SelectProps) {
  return (
    <select
      aria-invalid={invalid || undefined}
      aria-describedby={invalid && errorId ? errorId : rest["aria-describedby"]}
      className={cn(base, "h-9 pr-8", invalid ? "ring-rose-500" : "ring-slate-700 hover:ring-slate-600", className)}
      {...rest}
    >
      {children}
    </select>
  );
}
