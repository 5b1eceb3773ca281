import Link from "next/link";
import { notFound } from "next/navigation";
import { HealthForm } from "@/components/health/health-form";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/api/page-auth";
import { loadHealthChecks, loadHealthProtocols, loadServices } from "@/server/api/page-data";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit health check" };

export default async function EditHealthCheckPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  await requirePageRole("admin", `/health/${encodeURIComponent(id)}/edit`);
  const [checks, services, protocols] = await Promise.all([loadHealthChecks(), loadServices(), loadHealthProtocols()]);
  const check = checks.find((c) => c.id === id);
  if (!check) notFound();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-xs text-slate-400">
        <Link href="/health" className="hover:text-slate-200 hover:underline">Health</Link> /{" "}
        <Link href={`/health/${encodeURIComponent(id)}`} className="hover:text-slate-200 hover:underline">
          {check.service} · {check.protocol}
        </Link>{" "}
        / Edit
      </nav>
      <PageHeader title={`Edit the ${check.protocol} check of ${check.service}`} description="Changes apply at once; the status and history are kept." />
      <HealthForm check={check} services={services.map((s) => s.name).sort((a, b) => a.localeCompare(b))} customCheckers={protocols.custom} />
    </>
  );
}
