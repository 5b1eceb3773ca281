import { AlertsView, SilencesPanel } from "@/components/alerts/alerts-view";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/contracts/roles";
import { requirePageUser } from "@/server/api/page-auth";
import { loadAlerts, loadSilences } from "../_data/slos-alerts";

export const dynamic = "force-dynamic";
export const metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const user = await requirePageUser("/alerts");
  const [firing, acked, resolved, silences] = await Promise.all([loadAlerts("firing"), loadAlerts("acknowledged"), loadAlerts("resolved"), loadSilences()]);
  const canOperate = hasRole(user.role, "operator");
  return (
    <>
      <PageHeader title="Alerts" description="Open breakers, fast SLO burn, failing health checks and rejecting bulkheads — live." />
      <div className="space-y-4">
        <AlertsView initial={[...firing, ...acked, ...resolved]} canOperate={canOperate} />
        <SilencesPanel initial={silences} canOperate={canOperate} />
      </div>
    </>
  );
}
