import Link from "next/link";
import { FiringAlerts } from "@/components/alerts/firing-alerts";
import { AuditTable } from "@/components/audit/audit-table";
import { TransitionsTimeline } from "@/components/breakers/transitions-list";
import { BreakersByState, BusiestBulkheads, TrafficChart } from "@/components/overview/overview-widgets";
import { Card, PageHeader } from "@/components/ui/card";
import type { BreakerTransitionDto } from "@/lib/contracts/breakers";
import { loadAudit, requirePageUser } from "@/server/api/page-auth";
import { loadBreakers, loadBulkheads, loadClusterStatus, loadRecentTransitions, loadServiceTraffic, loadTraffic } from "@/server/api/page-data";
import { InstancesList } from "@/components/overview/instances-card";
import { ServiceHealthGrid } from "@/components/overview/service-health-grid";
import { hasRole } from "@/lib/contracts/roles";
import { loadOpenAlerts } from "./_data/slos-alerts";

export const dynamic = "force-dynamic";
export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requirePageUser("/");
  const openAlerts = await loadOpenAlerts();
  const [breakers, bulkheads, traffic, transitions, recent] = await Promise.all([
    loadBreakers(),
    loadBulkheads(),
    loadTraffic("15m").catch(() => []),
    loadRecentTransitions(10).then((rows) => rows as BreakerTransitionDto[]).catch(() => [] as BreakerTransitionDto[]),
    loadAudit({ limit: 8 }),
  ]);
  return (
    <>
      <PageHeader title="Overview" description="What is broken, since when, what it costs — and what you can do about it." />
      <Card
        className="mb-4"
        title="Firing alerts"
        description="Open alerts, firing first, live"
        actions={<Link href="/alerts" className="text-xs text-sky-400 underline underline-offset-2">All alerts</Link>}
      >
        <FiringAlerts initial={openAlerts} canOperate={hasRole(user.role, "operator")} />
      </Card>
      <Card className="mb-4" title="Services" description="Every service's last minute: tile size = traffic, colour = health (errors and refusals), worst first, live">
        <ServiceHealthGrid initial={await loadServiceTraffic()} />
      </Card>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Breakers by state" description="Open and forced first" actions={<Link href="/breakers" className="text-xs text-sky-400 underline underline-offset-2">All breakers</Link>}>
          <BreakersByState initial={breakers} />
        </Card>
        <Card title="Gateway traffic" description="Requests and error rate, last 15 minutes" className="lg:col-span-2">
          <TrafficChart initial={traffic} />
        </Card>
      </div>
      <div className="mt-4 grid gap-4 lg:grid-cols-3">
        <Card title="Busiest bulkheads" description="Active calls against the limit, live" actions={<Link href="/bulkheads" className="text-xs text-sky-400 underline underline-offset-2">All bulkheads</Link>}>
          <BusiestBulkheads initial={bulkheads} />
        </Card>
        <Card title="Recent transitions" description="Breaker state changes, live" className="lg:col-span-2">
          <TransitionsTimeline initial={transitions} limit={10} showName testId="recent-transitions" />
        </Card>
      </div>
      <div className="mt-4">
        <Card title="Instances" description="Breakwater instances and whether each is healthy" className="mb-4">
          <InstancesList initial={await loadClusterStatus()} />
        </Card>
        <Card title="Recent activity" description="The latest audit entries, live" actions={<Link href="/audit" className="text-xs text-sky-400 underline underline-offset-2">Open the audit trail</Link>}>
          <AuditTable initialEntries={recent} initialNextBefore={null} filter={{}} limit={8} compact />
        </Card>
      </div>
    </>
  );
}
