import type { ReactNode } from "react";
import type { HTMLAttributes } from "react";
import { cn } from "./cn";

export type Tone = "neutral" | "sky" | "emerald" | "amber" | "rose";

const TONES: Record<Tone, string> = {
  neutral: "bg-slate-800 text-slate-200 ring-slate-700",
  sky: "bg-sky-500/10 text-sky-300 ring-sky-500/30",
  emerald: "bg-emerald-500/10 text-emerald-300 ring-emerald-500/30",
  amber: "bg-amber-500/10 text-amber-300 ring-amber-500/30",
  rose: "bg-rose-500/10 text-rose-300 ring-rose-500/30",
};

export function Badge({ tone = "neutral", children, className, ...rest }: { tone?: Tone; children: ReactNode; className?: string } & HTMLAttributes<HTMLSpanElement>) {
  return (
    <span className={cn("inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset", TONES[tone], className)} {...rest}>
      {children}
    </span>
  );
}

export const ROLE_TONE: Record<string, Tone> = { admin: "sky", operator: "neutral", viewer: "neutral" };
