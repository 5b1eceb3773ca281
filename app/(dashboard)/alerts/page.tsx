import { AlertsView, SilencesPanel } from "@/components/alerts/alerts-view";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/contracts/roles";
import { requirePageUser } from "@/server/api/page-auth";
import { loadAlerts, loadSilences } from "../_data/slos-alerts";
import { loadLabelNames } from "./label-names";

export const dynamic = "force-dynamic";
export const metadata = { title: "Alerts" };

const TABS = ["firing", "acknowledged", "resolved"] as const;

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tabParam = (await searchParams).tab;
  const tab = TABS.find((t) => t === tabParam) ?? "firing";
  const user = await requirePageUser(tab === "firing" ? "/alerts" : `/alerts?tab=${tab}`);
  const [firing, acked, resolved, silences] = await Promise.all([loadAlerts("firing"), loadAlerts("acknowledged"), loadAlerts("resolved"), loadSilences()]);
  const names = await loadLabelNames();
  const canOperate = hasRole(user.role, "operator");
  return (
    <>
      <PageHeader title="Alerts" description="Open breakers, fast SLO burn, failing health checks and rejecting bulkheads — live, most severe and longest-firing first." />
      <div className="space-y-4">
        <AlertsView initial={[...firing, ...acked, ...resolved]} canOperate={canOperate} initialTab={tab} names={names} />
        <SilencesPanel initial={silences} canOperate={canOperate} />
      </div>
    </>
  );
}
