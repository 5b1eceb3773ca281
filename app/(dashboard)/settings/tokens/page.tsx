import { TokensAdmin } from "@/components/settings/tokens-admin";
import { PageHeader } from "@/components/ui/card";
import { loadTokens, requirePageRole } from "@/server/api/page-auth";
import { Breadcrumb } from "@/components/ui/page-links";

export const dynamic = "force-dynamic";
export const metadata = { title: "API tokens" };

export default async function TokensPage() {
  await requirePageRole("admin", "/settings/tokens");
  const tokens = await loadTokens();
  return (
    <>
      <Breadcrumb trail={[{ href: "/settings", label: "Settings" }]} here="API tokens" />
      <PageHeader title="API tokens" description="For automation: send Authorization: Bearer <token>. A token acts with its role; the secret is shown once and stored hashed." />
      <TokensAdmin initialTokens={tokens} />
    </>
  );
}
