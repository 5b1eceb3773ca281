import Link from "next/link";
import { notFound } from "next/navigation";
import { SloDetail, SloHeaderActions } from "@/components/slos/slo-detail";
import { sliText, windowLabel } from "@/components/slos/format";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/contracts/roles";
import { requirePageUser } from "@/server/api/page-auth";
import { loadSlo } from "../../_data/slos-alerts";
import { Breadcrumb } from "@/components/ui/page-links";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const found = await loadSlo(decodeURIComponent((await params).id));
  return { title: found ? `SLO ${found.slo.name}` : "SLO" };
}

export default async function SloPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  const user = await requirePageUser(`/slos/${encodeURIComponent(id)}`);
  const found = await loadSlo(id);
  if (!found) notFound();
  const { slo, status } = found;
  const canOperate = hasRole(user.role, "operator");
  return (
    <>
      <Breadcrumb trail={[{ href: "/slos", label: "SLOs" }]} here={slo.name} />
      <PageHeader
        title={slo.name}
        description={
          <>
            {sliText(slo)} of{" "}
            <Link href={`/services/${encodeURIComponent(slo.service)}`} className="text-sky-300 hover:underline">
              {slo.service}
            </Link>{" "}
            · objective {slo.objective} % over {windowLabel(slo.windowSeconds)} (rolling)
          </>
        }
        actions={canOperate ? <SloHeaderActions slo={slo} /> : null}
      />
      <SloDetail slo={slo} initialStatus={status} canOperate={canOperate} />
    </>
  );
}
