import { notFound } from "next/navigation";
import { HealthForm } from "@/components/health/health-form";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/api/page-auth";
import { loadHealthChecks, loadHealthProtocols, loadServices } from "@/server/api/page-data";
import { Breadcrumb } from "@/components/ui/page-links";

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
      <Breadcrumb
        trail={[
          { href: "/health", label: "Health" },
          { href: `/health/${encodeURIComponent(id)}`, label: `${check.service} · ${check.protocol}` },
        ]}
        here="Edit"
      />
      <PageHeader title={`Edit the ${check.protocol} check of ${check.service}`} description="Changes apply at once; the status and history are kept." />
      <HealthForm check={check} services={services.map((s) => s.name).sort((a, b) => a.localeCompare(b))} customCheckers={protocols.custom} />
    </>
  );
}
