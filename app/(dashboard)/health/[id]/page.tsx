import Link from "next/link";
import { notFound } from "next/navigation";
import { HealthDetail, HealthHeaderActions } from "@/components/health/health-detail";
import { protocolText } from "@/components/health/format";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/contracts/roles";
import { requirePageUser } from "@/server/api/page-auth";
import { loadHealthResults } from "@/server/api/page-data";
import { Breadcrumb } from "@/components/ui/page-links";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const found = await loadHealthResults(decodeURIComponent((await params).id));
  return { title: found ? `Health · ${found.check.service} (${found.check.protocol})` : "Health check" };
}

export default async function HealthCheckPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  const user = await requirePageUser(`/health/${encodeURIComponent(id)}`);
  const results = await loadHealthResults(id);
  if (!results) notFound();
  const { check } = results;
  return (
    <>
      <Breadcrumb trail={[{ href: "/health", label: "Health" }]} here={check.service} />
      <PageHeader
        title={`${check.service} · ${protocolText(check)}`}
        description={
          <>
            Probes <span className="font-mono text-slate-300">{check.target}</span> for{" "}
            <Link href={`/services/${encodeURIComponent(check.service)}`} className="text-sky-300 hover:underline">
              {check.service}
            </Link>{" "}
            (<Link href={`/breakers/${encodeURIComponent(check.service)}`} className="text-sky-300 hover:underline">breaker</Link>) · added by {check.createdBy}
          </>
        }
        actions={hasRole(user.role, "admin") ? <HealthHeaderActions check={check} /> : null}
      />
      <HealthDetail initial={check} initialResults={results} />
    </>
  );
}
