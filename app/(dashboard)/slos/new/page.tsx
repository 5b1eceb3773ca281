import { SloForm } from "@/components/slos/slo-form";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/api/page-auth";
import { loadServiceNames } from "../../_data/slos-alerts";
import { Breadcrumb } from "@/components/ui/page-links";

export const dynamic = "force-dynamic";
export const metadata = { title: "New SLO" };

export default async function NewSloPage() {
  await requirePageRole("operator", "/slos/new");
  const services = await loadServiceNames();
  return (
    <>
      <Breadcrumb trail={[{ href: "/slos", label: "SLOs" }]} here="New" />
      <PageHeader title="New SLO" description="What counts as good, the target share of good events, and when to alert." />
      <SloForm slo={null} services={services} />
    </>
  );
}
