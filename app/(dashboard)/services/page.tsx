import Link from "next/link";
import { ServicesList } from "@/components/services/services-list";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/contracts/roles";
import { requirePageUser } from "@/server/api/page-auth";
import { loadBreakers, loadGatewayUrl, loadServices } from "@/server/api/page-data";

export const dynamic = "force-dynamic";
export const metadata = { title: "Services" };

export default async function ServicesPage() {
  const user = await requirePageUser("/services");
  const [services, breakers] = await Promise.all([loadServices(), loadBreakers()]);
  const canAdmin = hasRole(user.role, "admin");
  return (
    <>
      <PageHeader
        title="Services"
        description="The upstream HTTP services Breakwater protects; traffic to the gateway (its own port) goes through each one's breaker, bulkhead and retries."
        actions={
          canAdmin && services.length > 0 ? (
            <Link href="/services/new" className={buttonClasses("primary")}>
              Add service
            </Link>
          ) : null
        }
      />
      <ServicesList initial={services} breakers={breakers} canAdmin={canAdmin} gatewayUrl={loadGatewayUrl()} />
    </>
  );
}
