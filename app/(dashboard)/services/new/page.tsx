import { ServiceForm } from "@/components/services/service-form";
import { PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/server/api/page-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "New service" };

export default async function NewServicePage() {
  await requirePageRole("admin", "/services/new");
  return (
    <>
      <PageHeader title="New service" description="Every field starts at its default; change what this upstream needs." />
      <ServiceForm service={null} />
    </>
  );
}
