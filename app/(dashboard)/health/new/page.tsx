import { HealthForm } from "@/components/health/health-form";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/api/page-auth";
import { loadHealthProtocols, loadServices } from "@/server/api/page-data";
import { Breadcrumb } from "@/components/ui/page-links";

export const dynamic = "force-dynamic";
export const metadata = { title: "New health check" };

export default async function NewHealthCheckPage({ searchParams }: { searchParams: Promise<{ service?: string | string[] }> }) {
  await requirePageRole("admin", "/health/new");
  const [services, protocols, sp] = await Promise.all([loadServices(), loadHealthProtocols(), searchParams]);
  const preset = typeof sp.service === "string" ? sp.service : undefined;
  return (
    <>
      <Breadcrumb trail={[{ href: "/health", label: "Health" }]} here="New" />
      <PageHeader title="New health check" description="What to probe, how often, and when a service counts as down." />
      <HealthForm check={null} services={services.map((s) => s.name).sort((a, b) => a.localeCompare(b))} customCheckers={protocols.custom} presetService={preset} />
    </>
  );
}
