import Link from "next/link";
import { ExperimentDetail } from "@/components/experiments/experiment-detail";
import { hasRole } from "@/lib/contracts/roles";
import { requirePageUser } from "@/server/api/page-auth";
import { loadSlos } from "../../_data/slos-alerts";

export const dynamic = "force-dynamic";
export const metadata = { title: "Experiment" };

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  const user = await requirePageUser(`/experiments/${encodeURIComponent(id)}`);
  const slos = await loadSlos().catch(() => []);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-xs text-slate-400">
        <Link href="/experiments" className="hover:text-slate-200 hover:underline">Experiments</Link> / {id}
      </nav>
      <ExperimentDetail id={id} canOperate={hasRole(user.role, "operator")} sloNames={Object.fromEntries(slos.map((s) => [s.id, s.name]))} />
    </>
  );
}
