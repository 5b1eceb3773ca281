import Link from "next/link";
import { BulkheadPanel } from "@/components/bulkheads/bulkhead-panel";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IconBulkhead } from "@/components/ui/icons";
import { hasRole } from "@/lib/contracts/roles";
import { requirePageUser } from "@/server/api/page-auth";
import { loadBulkheads, loadBulkheadSamples } from "@/server/api/page-data";

export const dynamic = "force-dynamic";
export const metadata = { title: "Bulkheads" };

export default async function BulkheadsPage() {
  const user = await requirePageUser("/bulkheads");
  const canOperate = hasRole(user.role, "operator");
  const bulkheads = await loadBulkheads();
  const samples = await Promise.all(bulkheads.map((b) => loadBulkheadSamples(b.service, "15m").catch(() => null)));
  return (
    <>
      <PageHeader title="Bulkheads" description="Concurrent and queued calls per service under their limits (fixed or adaptive), rejections, and the busiest users — live." />
      {bulkheads.length === 0 ? (
        <EmptyState icon={<IconBulkhead />} title="No services yet — add one, or run `npm run demo`">
          <p>
            Every service gets a bulkhead. Add a service on the{" "}
            <Link href="/services" className="text-sky-400 underline underline-offset-2">
              Services
            </Link>{" "}
            page.
          </p>
        </EmptyState>
      ) : (
        <div className="space-y-4">
          {bulkheads.map((b, i) => (
            <div key={b.service} id={b.service}>
              <BulkheadPanel initial={b} samples={samples[i] ?? null} canOperate={canOperate} />
            </div>
          ))}
        </div>
      )}
    </>
  );
}
