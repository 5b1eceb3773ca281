import Link from "next/link";
import { AuditTable } from "@/components/audit/audit-table";
import { ServerStatus } from "@/components/shell/server-status";
import { Badge, ROLE_TONE } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { IconCheck } from "@/components/ui/icons";
import { loadAudit, requirePageUser } from "@/server/api/page-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Overview" };

const READY = [
  { label: "Sign-in, sessions and roles (viewer, operator, admin)", href: null },
  { label: "Audit trail of every sign-in and admin change, live", href: "/audit" },
  { label: "Users and API tokens (admins)", href: "/settings" },
];
const COMING = [
  "Services and the /gw gateway",
  "Circuit breakers, bulkheads and retries",
  "SLOs with error budgets and burn-rate alerts",
  "Alerts, silences and webhook notifiers",
  "Active health checks",
  "`npm run demo` with demo upstreams and traffic",
];

export default async function OverviewPage() {
  const user = await requirePageUser("/");
  const recent = await loadAudit({ limit: 8 });
  return (
    <>
      <PageHeader title="Overview" description="What is broken, since when, what it costs — and what you can do about it." />
      <div className="grid gap-4 md:grid-cols-3">
        <Card title="You">
          <div className="space-y-1 px-4 py-3 text-sm">
            <p>
              Signed in as <strong className="text-slate-50">{user.username}</strong>{" "}
              <Badge tone={ROLE_TONE[user.role]}>{user.role}</Badge>
            </p>
            <p className="text-xs text-slate-400">
              {user.role === "admin"
                ? "You can manage users, API tokens and (soon) services and health checks."
                : user.role === "operator"
                  ? "You can read everything and (soon) force breakers and handle alerts."
                  : "You can read everything; changes need an operator or admin."}
            </p>
          </div>
        </Card>
        <Card title="Server">
          <ServerStatus />
        </Card>
        <Card title="Resilience">
          <div className="px-4 py-3 text-sm text-slate-400">
            <p>No services, breakers or alerts yet — those features are not built yet.</p>
            <p className="mt-1 text-xs">Nothing here is broken; there is simply nothing to protect yet.</p>
          </div>
        </Card>
      </div>

      <div className="mt-4 grid gap-4 lg:grid-cols-3">
        <Card title="Recent activity" description="The latest audit entries, live" className="lg:col-span-2" actions={<Link href="/audit" className="text-xs text-sky-400 hover:underline">Open the audit trail</Link>}>
          <div>
            <AuditTable initialEntries={recent} initialNextBefore={null} filter={{}} limit={8} compact />
          </div>
        </Card>
        <Card title="What works today">
          <ul className="space-y-2 px-4 py-3 text-sm">
            {READY.map((r) => (
              <li key={r.label} className="flex gap-2">
                <IconCheck className="mt-0.5 shrink-0 text-emerald-400" />
                {r.href ? (
                  <Link href={r.href} className="text-slate-200 hover:text-sky-300 hover:underline">
                    {r.label}
                  </Link>
                ) : (
                  <span className="text-slate-200">{r.label}</span>
                )}
              </li>
            ))}
          </ul>
          <h3 className="border-t border-slate-800 px-4 pt-3 text-xs font-medium uppercase tracking-wide text-slate-400">Coming next</h3>
          <ul className="space-y-1.5 px-4 pt-2 pb-4 text-sm text-slate-400">
            {COMING.map((c) => (
              <li key={c} className="flex gap-2">
                <span aria-hidden="true" className="mt-[7px] h-1.5 w-1.5 shrink-0 rounded-full bg-slate-600" />
                <span>{c.includes("`") ? <code className="text-slate-300">{c.replaceAll("`", "")}</code> : c}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
