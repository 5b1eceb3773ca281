import Link from "next/link";
import { SloForm } from "@/components/slos/slo-form";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/api/page-auth";
import { loadServiceNames } from "../../_data/slos-alerts";

export const dynamic = "force-dynamic";
export const metadata = { title: "New SLO" };

export default async function NewSloPage() {
  await requirePageRole("operator", "/slos/new");
  const services = await loadServiceNames();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-xs text-slate-400">
        <Link href="/slos" className="hover:text-slate-200 hover:underline">SLOs</Link> / New
      </nav>
      <PageHeader title="New SLO" description="What counts as good, the target share of good events, and when to alert." />
      <SloForm slo={null} services={services} />
    </>
  );
}
