import Link from "next/link";
import { ExperimentsList } from "@/components/experiments/experiments-list";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/contracts/roles";
import { requirePageUser } from "@/server/api/page-auth";
import { loadSlos } from "../_data/slos-alerts";

export const dynamic = "force-dynamic";
export const metadata = { title: "Experiments" };

export default async function ExperimentsPage() {
  const user = await requirePageUser("/experiments");
  const canOperate = hasRole(user.role, "operator");
  const slos = await loadSlos().catch(() => []);
  return (
    <>
      <PageHeader
        title="Chaos experiments"
        description="Inject faults into a share of one service's traffic for a while, watch the breakers and SLOs answer, and see whether your hypothesis held."
        actions={
          canOperate ? (
            <Link href="/experiments/new" className={buttonClasses("primary")} data-testid="new-experiment">
              New experiment
            </Link>
          ) : null
        }
      />
      <ExperimentsList canOperate={canOperate} sloNames={Object.fromEntries(slos.map((s) => [s.id, s.name]))} />
    </>
  );
}
