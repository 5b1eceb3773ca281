import { SloList } from "@/components/slos/slo-list";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/contracts/roles";
import { requirePageUser } from "@/server/api/page-auth";
import { loadSlos } from "../_data/slos-alerts";
import { PrimaryLink } from "@/components/ui/page-links";

export const dynamic = "force-dynamic";
export const metadata = { title: "SLOs" };

export default async function SlosPage() {
  const user = await requirePageUser("/slos");
  const slos = await loadSlos();
  const canOperate = hasRole(user.role, "operator");
  return (
    <>
      <PageHeader title="SLOs" description="Service level objectives: how much error budget is left, and how fast it burns." actions={canOperate ? <PrimaryLink href="/slos/new" testId="new-slo">New SLO</PrimaryLink> : null} />
      <SloList initial={slos} canOperate={canOperate} />
    </>
  );
}
