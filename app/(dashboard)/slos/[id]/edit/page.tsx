import { notFound } from "next/navigation";
import { SloForm } from "@/components/slos/slo-form";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/api/page-auth";
import { loadServiceNames, loadSlo } from "../../../_data/slos-alerts";
import { Breadcrumb } from "@/components/ui/page-links";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit SLO" };

export default async function EditSloPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  await requirePageRole("operator", `/slos/${encodeURIComponent(id)}/edit`);
  const [found, services] = await Promise.all([loadSlo(id), loadServiceNames()]);
  if (!found) notFound();
  return (
    <>
      <Breadcrumb
        trail={[
          { href: "/slos", label: "SLOs" },
          { href: `/slos/${encodeURIComponent(id)}`, label: found.slo.name },
        ]}
        here="Edit"
      />
      <PageHeader title={`Edit ${found.slo.name}`} description="Changing the service or the SLI restarts the history; other changes keep it." />
      <SloForm slo={found.slo} services={services} />
    </>
  );
}
