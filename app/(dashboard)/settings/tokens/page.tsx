import Link from "next/link";
import { TokensAdmin } from "@/components/settings/tokens-admin";
import { PageHeader } from "@/components/ui/card";
import { loadTokens, requirePageRole } from "@/server/api/page-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "API tokens" };

export default async function TokensPage() {
  await requirePageRole("admin", "/settings/tokens");
  const tokens = await loadTokens();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-xs text-slate-400">
        <Link href="/settings" className="hover:text-slate-200 hover:underline">Settings</Link> / API tokens
      </nav>
      <PageHeader title="API tokens" description="For automation: send Authorization: Bearer <token>. A token acts with its role; the secret is shown once and stored hashed." />
      <TokensAdmin initialTokens={tokens} />
    </>
  );
}
