import { ServicesList } from "@/components/services/services-list";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/contracts/roles";
import { requirePageUser } from "@/server/api/page-auth";
import { loadBreakers, loadGatewayUrl, loadServices } from "@/server/api/page-data";
import { PrimaryLink } from "@/components/ui/page-links";

export const dynamic = "force-dynamic";
export const metadata = { title: "Services" };

export default async function ServicesPage() {
  const user = await requirePageUser("/services");
  const [services, breakers] = await Promise.all([loadServices(), loadBreakers()]);
  const canAdmin = hasRole(user.role, "admin");
  return (
    <>
      <PageHeader title="Services" description="The upstream HTTP services Breakwater protects; traffic to the gateway (its own port) goes through each one's breaker, bulkhead and retries." actions={canAdmin && services.length > 0 ? <PrimaryLink href="/services/new">Add service</PrimaryLink> : null} />
      <ServicesList initial={services} breakers={breakers} canAdmin={canAdmin} gatewayUrl={loadGatewayUrl()} />
    </>
  );
}
