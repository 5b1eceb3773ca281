// Alert labels by name, not raw ids: an SLO label shows the SLO's name, a health check label its
// service and target; each links to the thing it names. Plus the triage order of alerts.
import Link from "next/link";
import type { AlertDto } from "@/lib/contracts/alerts";

/** Names for ids that appear in labels (built by the page from the SLO and health check lists). */
export interface AlertLabelNames {
  slos: Record<string, string>;
  checks: Record<string, string>;
}
export const NO_NAMES: AlertLabelNames = { slos: {}, checks: {} };

const HIDDEN = new Set(["alertname", "slo_name", "severity"]);
const SEVERITY_RANK: Record<AlertDto["severity"], number> = { critical: 0, warning: 1, info: 2 };

/** Triage order: critical first, then warning, then info; within one severity the longest-firing first. */
export function triageOrder(a: AlertDto, b: AlertDto): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id);
}

interface ShownLabel {
  key: string;
  text: string;
  href?: string;
}

export function describeLabels(alert: AlertDto, names: AlertLabelNames): ShownLabel[] {
  const out: ShownLabel[] = [];
  for (const [k, v] of Object.entries(alert.labels)) {
    if (HIDDEN.has(k)) continue;
    const enc = encodeURIComponent(v);
    if (k === "slo") out.push({ key: k, text: `SLO ${names.slos[v] ?? alert.labels.slo_name ?? v}`, href: `/slos/${enc}` });
    else if (k === "check") out.push({ key: k, text: `check ${names.checks[v] ?? v}`, href: `/health/${enc}` });
    else if (k === "breaker") out.push({ key: k, text: `breaker ${v}`, href: `/breakers/${enc}` });
    else if (k === "service") out.push({ key: k, text: `service ${v}`, href: alert.source === "bulkhead" ? `/bulkheads#bh-${enc}` : `/services/${enc}` });
    else out.push({ key: k, text: `${k} ${v}` });
  }
  return out;
}

/** Where the alert's subject lives (its SLO, breaker, check or service). */
export function subjectLink(alert: AlertDto, names: AlertLabelNames): ShownLabel | undefined {
  const labels = describeLabels(alert, names);
  return labels.find((l) => l.key === "slo") ?? labels.find((l) => l.key === "breaker") ?? labels.find((l) => l.key === "check") ?? labels.find((l) => l.key === "service");
}

export function AlertLabels({ alert, names }: { alert: AlertDto; names: AlertLabelNames }) {
  return (
    <ul className="mt-1.5 flex flex-wrap gap-1" aria-label="Labels">
      {describeLabels(alert, names).map((l) => (
        <li key={l.key} className="rounded bg-slate-800 px-1.5 py-0.5 text-[11px] text-slate-300" data-label={l.key}>
          {l.href ? (
            <Link href={l.href} className="hover:text-sky-300 hover:underline">
              {l.text}
            </Link>
          ) : (
            l.text
          )}
        </li>
      ))}
    </ul>
  );
}
