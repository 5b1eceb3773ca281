import Link from "next/link";
import { NotifiersAdmin } from "@/components/settings/notifiers-admin";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/api/page-auth";
import { loadDeliveries, loadNotifiers } from "../../_data/slos-alerts";

export const dynamic = "force-dynamic";
export const metadata = { title: "Notifiers" };

export default async function NotifiersPage() {
  await requirePageRole("admin", "/settings/notifiers");
  const [notifiers, deliveries] = await Promise.all([loadNotifiers(), loadDeliveries(50)]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-xs text-slate-400">
        <Link href="/settings" className="hover:text-slate-200 hover:underline">Settings</Link> / Notifiers
      </nav>
      <PageHeader title="Notifiers" description="Where alerts go: webhooks in Prometheus Alertmanager's format, with retries and a delivery log." />
      <NotifiersAdmin initialNotifiers={notifiers} initialDeliveries={deliveries} />
    </>
  );
}
