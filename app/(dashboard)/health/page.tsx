import Link from "next/link";
import { HealthList } from "@/components/health/health-list";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/contracts/roles";
import { requirePageUser } from "@/server/api/page-auth";
import { loadHealthChecks } from "@/server/api/page-data";

export const dynamic = "force-dynamic";
export const metadata = { title: "Health" };

export default async function HealthPage() {
  const user = await requirePageUser("/health");
  const checks = await loadHealthChecks();
  const canAdmin = hasRole(user.role, "admin");
  return (
    <>
      <PageHeader
        title="Health"
        description="Active checks per service. An unhealthy check opens the service's breaker and fires a critical alert; healthy again lets the breaker half-open."
        actions={
          canAdmin ? (
            <Link href="/health/new" className={buttonClasses("primary")} data-testid="new-health-check">
              New check
            </Link>
          ) : null
        }
      />
      <HealthList initial={checks} canAdmin={canAdmin} />
    </>
  );
}
