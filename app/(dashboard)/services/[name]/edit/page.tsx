import { notFound } from "next/navigation";
import { ServiceForm } from "@/components/services/service-form";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageRole } from "@/server/api/page-auth";
import { loadConfigFilePath, loadService } from "@/server/api/page-data";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit service" };

export default async function EditServicePage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  await requirePageRole("admin", `/services/${encodeURIComponent(name)}/edit`);
  const service = await loadService(name);
  if (!service) notFound();
  return (
    <>
      <PageHeader title={`Edit ${service.name}`} description="Changes apply to the gateway at once; the breaker keeps its state." />
      {service.source === "file" ? (
        <EmptyState title="This service is declared in the config file">
          <p>
            File-declared services are read-only here: change them in <code className="break-all">{loadConfigFilePath() ?? "the BREAKWATER_CONFIG file"}</code> and restart.
          </p>
        </EmptyState>
      ) : (
        <ServiceForm service={service} />
      )}
    </>
  );
}
