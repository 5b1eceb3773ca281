import Link from "next/link";
import { UsersAdmin } from "@/components/settings/users-admin";
import { PageHeader } from "@/components/ui/card";
import { loadUsers, requirePageRole } from "@/server/api/page-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requirePageRole("admin", "/settings/users");
  const users = await loadUsers();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-xs text-slate-400">
        <Link href="/settings" className="hover:text-slate-200 hover:underline">Settings</Link> / Users
      </nav>
      <PageHeader title="Users" description="Accounts that can sign in to the dashboard and the API. Roles: viewer reads, operator acts, admin administers." />
      <UsersAdmin initialUsers={users} currentUsername={me.username} />
    </>
  );
}
