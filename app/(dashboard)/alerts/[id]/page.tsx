import { notFound } from "next/navigation";
import { AlertDetail } from "@/components/alerts/alert-detail";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/contracts/roles";
import { requirePageUser } from "@/server/api/page-auth";
import { loadAlert, loadDeliveries, loadNotifiers } from "../../_data/slos-alerts";
import { loadLabelNames } from "../label-names";
import { Breadcrumb } from "@/components/ui/page-links";

export const dynamic = "force-dynamic";
export const metadata = { title: "Alert" };

export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  const user = await requirePageUser(`/alerts/${encodeURIComponent(id)}`);
  const alert = await loadAlert(id);
  if (!alert) notFound();
  const [deliveries, notifiers, names] = await Promise.all([loadDeliveries(500).catch(() => []), loadNotifiers().catch(() => []), loadLabelNames()]);
  return (
    <>
      <Breadcrumb trail={[{ href: "/alerts", label: "Alerts" }]} here={alert.labels.alertname ?? alert.id} />
      <PageHeader title={alert.title} />
      <AlertDetail
        initial={alert}
        canOperate={hasRole(user.role, "operator")}
        deliveries={deliveries.filter((d) => d.alertId === alert.id)}
        notifiers={Object.fromEntries(notifiers.map((n) => [n.id, n.name]))}
        names={names}
      />
    </>
  );
}
