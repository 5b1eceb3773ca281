import { cn } from "./cn";

/** A pulsing placeholder while something loads; screen readers hear `label`. */
export function Skeleton({ className, label = "Loading" }: { className?: string; label?: string }) {
  return (
    <div role="status" aria-live="polite" data-testid="skeleton" className={cn("animate-pulse rounded-md bg-slate-800/70", className)}>
      <span className="sr-only">{label}</span>
    </div>
  );
}

/** A few skeleton lines for a list or table body. */
export function SkeletonRows({ rows = 3, label }: { rows?: number; label?: string }) {
  return (
    <div className="space-y-2 p-4">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-5 w-full" label={i === 0 ? label : undefined} />
      ))}
    </div>
  );
}
