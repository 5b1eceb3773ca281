import { cn } from "@/components/ui/cn";

/** One figure: a label over its value (in a <dl>). */
export function Stat({ label, value, tone, testId }: { label: string; value: React.ReactNode; tone?: "rose" | "amber"; testId?: string }) {
  return (
    <div className="min-w-[6rem]">
      <dt className="text-xs text-slate-400">{label}</dt>
      <dd data-testid={testId} className={cn("text-lg font-semibold tabular-nums text-slate-100", tone === "rose" && "text-rose-300", tone === "amber" && "text-amber-300")}>
        {value}
      </dd>
    </div>
  );
}
