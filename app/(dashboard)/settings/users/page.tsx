import { UsersAdmin } from "@/components/settings/users-admin";
import { PageHeader } from "@/components/ui/card";
import { loadUsers, requirePageRole } from "@/server/api/page-auth";
import { Breadcrumb } from "@/components/ui/page-links";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requirePageRole("admin", "/settings/users");
  const users = await loadUsers();
  return (
    <>
      <Breadcrumb trail={[{ href: "/settings", label: "Settings" }]} here="Users" />
      <PageHeader title="Users" description="Accounts that can sign in to the dashboard and the API. Roles: viewer reads, operator acts, admin administers." />
      <UsersAdmin initialUsers={users} currentUsername={me.username} />
    </>
  );
}
