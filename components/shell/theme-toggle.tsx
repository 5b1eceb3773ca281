"use client";
import { useEffect, useState } from "react";
import { applyTheme, currentChoice, type ThemeChoice } from "@/lib/client/theme";
import { cn } from "@/components/ui/cn";

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: "light", light: "dark", dark: "system" };
const LABEL: Record<ThemeChoice, string> = { system: "System theme", light: "Light theme", dark: "Dark theme" };

/** Cycles system → light → dark; the label says what is in effect. */
export function ThemeToggle({ initial, className }: { initial: ThemeChoice; className?: string }) {
  const [choice, setChoice] = useState<ThemeChoice>(initial);
  useEffect(() => {
    // a pick stored before cookies were set (or cleared cookies): apply it now
    const stored = currentChoice();
    if (stored !== initial) {
      applyTheme(stored);
      setChoice(stored);
    }
  }, [initial]);
  return (
    <button
      type="button"
      data-testid="theme-toggle"
      data-theme-choice={choice}
      onClick={() => {
        const next = NEXT[choice];
        applyTheme(next);
        setChoice(next);
      }}
      title={`${LABEL[choice]} — click to switch (system, light, dark)`}
      className={cn("inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-xs font-medium text-slate-300 ring-1 ring-inset ring-slate-700 hover:bg-slate-800", className)}
    >
      <span aria-hidden="true">{choice === "light" ? "☀" : choice === "dark" ? "☾" : "◐"}</span>
      <span>{LABEL[choice]}</span>
    </button>
  );
}
