import { redirect } from "next/navigation";
import { IconWaves } from "@/components/ui/icons";
import { LoginForm } from "@/components/auth/login-form";
import { safeNextPath } from "@/lib/client/safe-next";
import { getPageUser } from "@/server/api/page-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const next = safeNextPath(typeof sp.next === "string" ? sp.next : null);
  if (await getPageUser()) redirect(next ?? "/");
  const error = typeof sp.error === "string" ? sp.error : undefined;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-slate-100">
          <IconWaves className="h-6 w-6 text-sky-400" width={24} height={24} />
          <span className="text-lg font-semibold tracking-tight">Breakwater</span>
        </div>
        <div className="rounded-lg bg-slate-900 p-6 ring-1 ring-slate-800">
          <h1 className="text-base font-semibold text-slate-50">Sign in</h1>
          <p className="mt-1 text-xs text-slate-400">Use the account an admin gave you. The first admin&apos;s password comes from BREAKWATER_ADMIN_PASSWORD, or is printed to the server log on first start.</p>
          <LoginForm next={next ?? "/"} initialError={error} />
        </div>
      </div>
    </main>
  );
}
