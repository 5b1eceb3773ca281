// The filter row above a list: a search box (its label read out, not shown) and toggle chips.
import type { ReactNode } from "react";
import { cn } from "./cn";
import { Input } from "./input";

export function SearchFilter({ id, label, placeholder, value, onChange, className }: { id: string; label: string; placeholder: string; value: string; onChange: (v: string) => void; className?: string }) {
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <div className={cn("w-64", className)}>
        <Input id={id} placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} className="h-8" autoComplete="off" spellCheck={false} />
      </div>
    </>
  );
}

/** A pressed-or-not filter chip, with an optional count after its label. */
export function FilterChip({ pressed, onClick, count, testId, children }: { pressed: boolean; onClick: () => void; count?: number; testId?: string; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      data-testid={testId}
      className={cn("h-7 rounded-full px-3 text-xs font-medium ring-1 ring-inset", pressed ? "bg-sky-500/15 text-sky-200 ring-sky-500/40" : "text-slate-300 ring-slate-700 hover:bg-slate-800")}
    >
      {children}
      {count !== undefined ? <span className="tabular-nums text-slate-400"> {count}</span> : null}
    </button>
  );
}

/**
 * A labelled group of chips of which one is pressed: `options` are [value, label] pairs, picking
 * one calls `onChange` with its value; `counts` adds a count to each, `testIdPrefix` a test id.
 */
export function ChipGroup<T extends string>({ label, options, value, onChange, counts, testIdPrefix, className }: { label: string; options: readonly (readonly [T, string])[]; value: T; onChange: (v: T) => void; counts?: Record<T, number>; testIdPrefix?: string; className?: string }) {
  return (
    <div role="group" aria-label={label} className={className}>
      {options.map(([v, text]) => (
        <FilterChip key={v} pressed={value === v} onClick={() => onChange(v)} count={counts?.[v]} testId={testIdPrefix ? `${testIdPrefix}${v}` : undefined}>
          {text}
        </FilterChip>
      ))}
    </div>
  );
}
