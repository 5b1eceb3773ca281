import Link from "next/link";
import { notFound } from "next/navigation";
import { BreakerCharts } from "@/components/breakers/breaker-charts";
import { TransitionsTimeline } from "@/components/breakers/transitions-list";
import { BreakerSummary } from "@/components/services/service-detail";
import { Card, PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/contracts/roles";
import { loadAudit, requirePageUser } from "@/server/api/page-auth";
import { loadBreaker, loadBreakerSamples, loadService, loadTransitions } from "@/server/api/page-data";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `Breaker ${decodeURIComponent((await params).name)}` };
}

export default async function BreakerPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  const user = await requirePageUser(`/breakers/${encodeURIComponent(name)}`);
  const breaker = await loadBreaker(name);
  if (!breaker) notFound();
  const [service, transitions, samples, forced] = await Promise.all([
    loadService(breaker.service),
    loadTransitions(name, 50),
    loadBreakerSamples(name, "15m").catch(() => []),
    loadAudit({ action: "breaker.force", target: `breaker:${name}`, limit: 100 }).catch(() => []),
  ]);
  // the reasons operators gave when forcing, shown next to the "forced" transitions
  const reasons = forced.filter((e) => e.target === `breaker:${name}` && e.reason).map((e) => ({ at: e.at, actor: e.actor, reason: e.reason ?? "" }));
  const threshold = service?.breaker.failureRateThreshold;
  return (
    <>
      <PageHeader
        title={breaker.name}
        description={
          <>
            Circuit breaker of service{" "}
            <Link href={`/services/${encodeURIComponent(breaker.service)}`} className="text-sky-400 underline underline-offset-2">
              {breaker.service}
            </Link>
            {service ? ` · trips at ${service.breaker.failureRateThreshold} % failures over ${service.breaker.window.type === "count" ? `the last ${service.breaker.window.size} calls` : `${service.breaker.window.seconds} s`} (min. ${service.breaker.minimumCalls} calls)` : null}
          </>
        }
      />
      <div className="space-y-4">
        <Card title="State">
          <BreakerSummary initial={breaker} canOperate={hasRole(user.role, "operator")} threshold={threshold} />
        </Card>
        <Card title="Calls over time">
          <BreakerCharts name={name} initial={samples} threshold={threshold ?? null} transitions={transitions} />
        </Card>
        <Card title="Transitions" description="Newest first, live">
          <TransitionsTimeline initial={transitions} name={name} reasons={reasons} />
        </Card>
      </div>
    </>
  );
}
