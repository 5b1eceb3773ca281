import { cn } from "@/components/ui/cn";
import { remainingPercent } from "./format";

/** Remaining error budget as a meter: colour + the number as text. */
export function BudgetBar({ ratio, className }: { ratio: number; className?: string }) {
  const pct = remainingPercent(ratio);
  const tone = pct <= 0 ? "bg-rose-500" : pct < 25 ? "bg-rose-400" : pct < 50 ? "bg-amber-400" : "bg-emerald-400";
  return (
    <div className={cn("flex items-center gap-2", className)}>
      <div
        role="meter"
        aria-label="Error budget remaining"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${pct} % of the error budget left`}
        data-testid="budget-bar"
        className="h-2 w-28 overflow-hidden rounded-full bg-slate-800"
      >
        <div className={cn("h-full rounded-full", tone)} style={{ width: `${pct}%` }} />
      </div>
      <span className={cn("w-14 text-right text-xs tabular-nums", pct <= 0 ? "text-rose-300" : "text-slate-300")}>{pct.toFixed(1)} %</span>
    </div>
  );
}
