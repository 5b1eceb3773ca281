import { BreakersTable } from "@/components/breakers/breakers-table";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/contracts/roles";
import { requirePageUser } from "@/server/api/page-auth";
import { loadBreakers } from "@/server/api/page-data";

export const dynamic = "force-dynamic";
export const metadata = { title: "Breakers" };

export default async function BreakersPage() {
  const user = await requirePageUser("/breakers");
  const breakers = await loadBreakers();
  return (
    <>
      <PageHeader title="Breakers" description="One circuit breaker per service: state, failure and slow-call rates, overrides — live." />
      <BreakersTable initial={breakers} canOperate={hasRole(user.role, "operator")} />
    </>
  );
}
