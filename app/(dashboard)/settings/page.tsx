import Link from "next/link";
import { Badge, ROLE_TONE } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { IconBell, IconKey, IconLock, IconUser } from "@/components/ui/icons";
import { hasRole } from "@/lib/contracts/roles";
import { requirePageUser } from "@/server/api/page-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Settings" };

/** The admin pages under Settings, in the order they are listed. */
const ADMIN_PAGES = [
  { href: "/settings/users", Icon: IconUser, title: "Users", text: "Create accounts, change roles, disable, reset passwords." },
  { href: "/settings/tokens", Icon: IconKey, title: "API tokens", text: "Bearer tokens for automation, each with a role; revoke when done." },
  { href: "/settings/notifiers", Icon: IconBell, title: "Notifiers", text: "Webhooks that receive alerts, a test button and the delivery log." },
];

export default async function SettingsPage() {
  const user = await requirePageUser("/settings");
  const admin = hasRole(user.role, "admin");
  return (
    <>
      <PageHeader title="Settings" description="Your account, and — for admins — users, API tokens and alert notifiers." />
      <div className="grid gap-4 md:grid-cols-2">
        <Card title="Your account">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 px-4 py-3 text-sm">
            <dt className="text-slate-400">Username</dt>
            <dd className="font-medium">{user.username}</dd>
            <dt className="text-slate-400">Role</dt>
            <dd>
              <Badge tone={ROLE_TONE[user.role]}>{user.role}</Badge>
            </dd>
          </dl>
        </Card>
        {admin ? (
          <Card title="Administration">
            <ul className="divide-y divide-slate-800" data-testid="admin-links">
              {ADMIN_PAGES.map(({ href, Icon, title, text }) => (
                <li key={href}>
                  <Link href={href} className="flex items-start gap-3 px-4 py-3 hover:bg-slate-800/40">
                    <Icon className="mt-0.5 text-sky-400" />
                    <span>
                      <span className="block font-medium text-slate-100">{title}</span>
                      <span className="block text-xs text-slate-400">{text}</span>
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        ) : (
          <Card title="Administration">
            <p className="flex items-start gap-2 px-4 py-3 text-sm text-slate-400">
              <IconLock className="mt-0.5 shrink-0" />
              Users, API tokens and notifiers are managed by admins. Ask one if you need an account changed or a token.
            </p>
          </Card>
        )}
      </div>
    </>
  );
}
