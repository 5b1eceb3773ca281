import { AuditFilters, resolveSince, type AuditFilter } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { PageHeader } from "@/components/ui/card";
import { loadAudit, requirePageUser } from "@/server/api/page-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit" };

const PAGE = 50;

function one(v: string | string[] | undefined, max: number): string | undefined {
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s ? s.slice(0, max) : undefined;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const sinceParam = one(sp.since, 40);
  const showSignIns = one(sp.signins, 1) === "1";
  const filter: AuditFilter = { actor: one(sp.actor, 200), action: one(sp.action, 200), target: one(sp.target, 500) };
  const qs = new URLSearchParams(Object.entries({ ...filter, since: sinceParam, signins: showSignIns ? "1" : undefined }).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  await requirePageUser(qs ? `/audit?${qs}` : "/audit");
  filter.since = resolveSince(sinceParam);
  // newest first: the first page filtered by time is the unfiltered first page cut at `since`;
  // older pages come from the API, which takes `since` itself
  const entries = (await loadAudit({ ...filter, limit: PAGE })).filter((e) => !filter.since || e.at >= filter.since);
  const nextBefore = entries.length === PAGE ? (entries[entries.length - 1]?.at ?? null) : null;
  return (
    <>
      <PageHeader title="Audit" description="Who did what, to which target, and why — newest first, live. Sign-ins are hidden unless you ask for them." />
      <AuditFilters filter={filter} sinceParam={sinceParam} showSignIns={showSignIns} />
      <AuditTable key={qs} initialEntries={entries} initialNextBefore={nextBefore} filter={filter} limit={PAGE} showSignIns={showSignIns} />
    </>
  );
}
