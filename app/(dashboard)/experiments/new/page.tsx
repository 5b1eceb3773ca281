import Link from "next/link";
import { ExperimentForm } from "@/components/experiments/experiment-form";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/api/page-auth";
import { loadServiceNames, loadSlos } from "../../_data/slos-alerts";

export const dynamic = "force-dynamic";
export const metadata = { title: "New experiment" };

export default async function NewExperimentPage() {
  await requirePageRole("operator", "/experiments/new");
  const [services, slos] = await Promise.all([loadServiceNames(), loadSlos()]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-xs text-slate-400">
        <Link href="/experiments" className="hover:text-slate-200 hover:underline">Experiments</Link> / New
      </nav>
      <PageHeader title="New experiment" description="Which faults, for which requests, for how long, when to stop early, and what you expect to see." />
      <ExperimentForm services={services} slos={slos.map((s) => ({ id: s.id, name: s.name, service: s.service }))} />
    </>
  );
}
