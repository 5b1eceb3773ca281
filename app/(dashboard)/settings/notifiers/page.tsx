import { NotifiersAdmin } from "@/components/settings/notifiers-admin";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/api/page-auth";
import { loadDeliveries, loadNotifiers } from "../../_data/slos-alerts";
import { Breadcrumb } from "@/components/ui/page-links";

export const dynamic = "force-dynamic";
export const metadata = { title: "Notifiers" };

export default async function NotifiersPage() {
  await requirePageRole("admin", "/settings/notifiers");
  const [notifiers, deliveries] = await Promise.all([loadNotifiers(), loadDeliveries(50)]);
  return (
    <>
      <Breadcrumb trail={[{ href: "/settings", label: "Settings" }]} here="Notifiers" />
      <PageHeader title="Notifiers" description="Where alerts go: webhooks in Prometheus Alertmanager's format, with retries and a delivery log." />
      <NotifiersAdmin initialNotifiers={notifiers} initialDeliveries={deliveries} />
    </>
  );
}
