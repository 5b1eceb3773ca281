"use client";
import type { InputHTMLAttributes, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { cn } from "./cn";
import { useFieldContext } from "./field";

const base =
  "block w-full rounded-md bg-slate-950 px-3 text-sm text-slate-100 ring-1 ring-inset placeholder:text-slate-400 disabled:opacity-60";
const ring = (invalid?: boolean) => (invalid ? "ring-rose-500" : "ring-slate-700 hover:ring-slate-600");

interface ControlProps {
  /** Error message id to announce; marks the control invalid (both default to the Field row's). */
  errorId?: string;
  invalid?: boolean;
  id?: string;
  "aria-describedby"?: string;
}

/** id, aria-invalid and aria-describedby: the control's own, else those of the Field it sits in. */
function useControlAria({ errorId, invalid, id, "aria-describedby": describedBy }: ControlProps) {
  const field = useFieldContext();
  const isInvalid = invalid ?? field?.invalid ?? false;
  return {
    invalid: isInvalid,
    aria: {
      id: id ?? field?.id,
      "aria-invalid": isInvalid || undefined,
      "aria-describedby": isInvalid && errorId ? errorId : (describedBy ?? field?.describedBy),
    },
  };
}

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  errorId?: string;
  invalid?: boolean;
  ref?: Ref<HTMLInputElement>;
}

export function Input({ className, errorId, invalid, id, "aria-describedby": describedBy, ...rest }: InputProps) {
  const c = useControlAria({ errorId, invalid, id, "aria-describedby": describedBy });
  return <input {...c.aria} className={cn(base, "h-9", ring(c.invalid), className)} {...rest} />;
}

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  errorId?: string;
  invalid?: boolean;
  ref?: Ref<HTMLSelectElement>;
}

export function Select({ className, errorId, invalid, id, "aria-describedby": describedBy, children, ...rest }: SelectProps) {
  const c = useControlAria({ errorId, invalid, id, "aria-describedby": describedBy });
  return (
    <select {...c.aria} className={cn(base, "h-9 pr-8", ring(c.invalid), className)} {...rest}>
      {children}
    </select>
  );
}

export interface TextAreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  errorId?: string;
  invalid?: boolean;
  ref?: Ref<HTMLTextAreaElement>;
}

/** Multi-line, monospaced (headers, PEM certificates, JSON). */
export function TextArea({ className, errorId, invalid, id, "aria-describedby": describedBy, ...rest }: TextAreaProps) {
  const c = useControlAria({ errorId, invalid, id, "aria-describedby": describedBy });
  return <textarea spellCheck={false} {...c.aria} className={cn(base, "py-2 font-mono text-xs", ring(c.invalid), className)} {...rest} />;
}
