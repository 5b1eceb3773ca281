import { HealthList } from "@/components/health/health-list";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/contracts/roles";
import { requirePageUser } from "@/server/api/page-auth";
import { loadHealthChecks } from "@/server/api/page-data";
import { PrimaryLink } from "@/components/ui/page-links";

export const dynamic = "force-dynamic";
export const metadata = { title: "Health" };

export default async function HealthPage() {
  const user = await requirePageUser("/health");
  const checks = await loadHealthChecks();
  const canAdmin = hasRole(user.role, "admin");
  return (
    <>
      <PageHeader title="Health" description="Active checks per service. An unhealthy check opens the service's breaker and fires a critical alert; healthy again lets the breaker half-open." actions={canAdmin ? <PrimaryLink href="/health/new" testId="new-health-check">New check</PrimaryLink> : null} />
      <HealthList initial={checks} canAdmin={canAdmin} />
    </>
  );
}
