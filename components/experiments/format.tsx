// How experiments read on screen: status and verdict badges, the stop reason and the hypothesis
// clauses in words.
import { Badge, type Tone } from "@/components/ui/badge";
import { IconCheck, IconX } from "@/components/ui/icons";
import type { ExperimentDto } from "@/lib/contracts/experiments";
import { formatDuration, formatPercent } from "@/lib/engine/chaos/summary";

type Status = ExperimentDto["status"];
type StopReason = NonNullable<ExperimentDto["stopReason"]>;
type Clause = NonNullable<ExperimentDto["hypothesis"]>["clauses"][number];

const STATUS: Record<Status, { label: string; tone: Tone }> = {
  scheduled: { label: "Scheduled", tone: "sky" },
  running: { label: "Running", tone: "amber" },
  completed: { label: "Completed", tone: "emerald" },
  stopped: { label: "Stopped", tone: "rose" },
  aborted: { label: "Aborted", tone: "neutral" },
};

export function StatusBadge({ status }: { status: Status }) {
  const s = STATUS[status];
  return (
    <Badge tone={s.tone} data-testid="experiment-status" data-status={status}>
      {status === "running" ? <span aria-hidden="true" className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" /> : null}
      {s.label}
    </Badge>
  );
}

/** Held / Not held / Not judged (aborted) / — (no hypothesis or not over yet). */
export function VerdictBadge({ e }: { e: Pick<ExperimentDto, "hypothesis" | "status"> }) {
  const held = e.hypothesis?.held;
  if (held === true)
    return (
      <Badge tone="emerald" data-testid="experiment-verdict" data-held="true">
        <IconCheck width={12} height={12} /> Held
      </Badge>
    );
  if (held === false)
    return (
      <Badge tone="rose" data-testid="experiment-verdict" data-held="false">
        <IconX width={12} height={12} /> Not held
      </Badge>
    );
  const text = !e.hypothesis ? "No hypothesis" : e.status === "aborted" ? "Not judged" : "Pending";
  return (
    <span className="text-xs text-slate-400" data-testid="experiment-verdict">
      {text}
    </span>
  );
}

/** Why it ended, in one sentence (with the condition and the value that met it). */
export function stopReasonText(r: StopReason, sloName: (id: string) => string = (id) => id): string {
  switch (r.type) {
    case "slo_burn":
      return `The SLO ${sloName(r.slo)} burned at ${Math.round(r.value * 100) / 100}×, above the limit of ${r.above}×.`;
    case "error_rate":
      return `The error rate over ${formatDuration(r.windowSeconds)} reached ${formatPercent(r.value)}, above the limit of ${formatPercent(r.above)}.`;
    case "manual":
      return `Stopped by ${r.actor}.`;
    case "restart":
      return "Breakwater restarted while it was scheduled or running; experiments do not resume.";
    case "conflict":
      return `It was due while experiment ${r.experimentId} was running on the same service.`;
  }
}

const CLAUSE_TEXT: Record<Clause["clause"], (expected: number, slo?: string) => string> = {
  breakerOpensWithinSeconds: (s) => `The breaker opens within ${formatDuration(s)}`,
  sloRemainingAbove: (p, slo) => `More than ${formatPercent(p)} of ${slo ? `the SLO ${slo}'s` : "the SLO's"} error budget remains`,
  maxErrorRate: (p) => `The error rate stays at or below ${formatPercent(p)}`,
};

/** A hypothesis clause in words; `slo` names the SLO of `sloRemainingAbove`. */
export function clauseText(c: Pick<Clause, "clause" | "expected">, slo?: string): string {
  return CLAUSE_TEXT[c.clause](c.expected, slo);
}

export function observedText(c: Clause): string {
  if (c.observed === null) return c.clause === "breakerOpensWithinSeconds" ? "never opened" : "unknown";
  return c.clause === "breakerOpensWithinSeconds" ? `opened after ${Math.round(c.observed * 10) / 10} s` : `${formatPercent(c.observed)}`;
}

/** A summary sentence with its `quoted` names (services, SLOs, users, headers) set as code; SLO ids shown by name. */
export function Sentence({ text, names = {} }: { text: string; names?: Record<string, string> }) {
  return (
    <>
      {text.split("`").map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-slate-800 px-1 text-[0.95em] text-slate-100">
            {names[part] ?? part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}
