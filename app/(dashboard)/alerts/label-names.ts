// Names for the ids alert labels carry (SLO ids, health check ids), so alerts show names.
import type { AlertLabelNames } from "@/components/alerts/alert-labels";
import { loadHealthChecks, loadSlos } from "@/server/api/page-data";

export async function loadLabelNames(): Promise<AlertLabelNames> {
  const [slos, checks] = await Promise.all([loadSlos().catch(() => []), loadHealthChecks().catch(() => [])]);
  return {
    slos: Object.fromEntries(slos.map((s) => [s.id, s.name])),
    checks: Object.fromEntries(checks.map((c) => [c.id, `${c.service} · ${c.target}`])),
  };
}
