import type { ButtonHTMLAttributes, Ref } from "react";
import { cn } from "./cn";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost" | "danger-ghost";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-brand text-ink hover:bg-brand-hover disabled:bg-brand/50",
  secondary: "bg-slate-800 text-slate-100 ring-1 ring-inset ring-slate-700 hover:bg-slate-700 disabled:text-slate-400",
  danger: "bg-danger text-white hover:bg-danger-hover disabled:bg-danger/50",
  ghost: "text-slate-300 hover:bg-slate-800 hover:text-slate-100 disabled:text-slate-500",
  "danger-ghost": "text-rose-300 hover:bg-rose-500/10 hover:text-rose-200 disabled:text-slate-500",
};

export function buttonClasses(variant: ButtonVariant = "secondary", size: "sm" | "md" = "md", extra?: string): string {
  return cn(
    "inline-flex items-center justify-center gap-1.5 rounded-md font-medium transition-colors disabled:cursor-not-allowed",
    size === "sm" ? "h-7 px-2.5 text-xs" : "h-9 px-3.5 text-sm",
    VARIANTS[variant],
    extra,
  );
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: "sm" | "md";
  ref?: Ref<HTMLButtonElement>;
}

export function Button({ variant = "secondary", size = "md", className, type = "button", ...rest }: ButtonProps) {
  return <button type={type} className={buttonClasses(variant, size, className)} {...rest} />;
}
