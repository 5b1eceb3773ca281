import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { IconLock } from "@/components/ui/icons";
import { getPageUser } from "@/server/api/page-auth";

export const metadata = { title: "No access" };

// Rendered (with status 403) when a page calls forbidden(); today only the admin pages do.
export default async function Forbidden() {
  const user = await getPageUser();
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div data-testid="forbidden" className="w-full max-w-md rounded-lg bg-slate-900 p-8 text-center ring-1 ring-slate-800">
        <div className="mx-auto mb-4 flex h-10 w-10 items-center justify-center rounded-full bg-rose-500/10 text-rose-300">
          <IconLock />
        </div>
        <h1 className="text-lg font-semibold text-slate-50">You don&apos;t have access — needs the admin role</h1>
        <p className="mt-2 text-sm text-slate-400">
          {user ? (
            <>
              You are signed in as <strong className="text-slate-200">{user.username}</strong> with the{" "}
              <strong className="text-slate-200">{user.role}</strong> role. Ask an admin if you need this page.
            </>
          ) : (
            <>Ask an admin if you need this page.</>
          )}
        </p>
        <div className="mt-6 flex justify-center gap-2">
          <Link href="/" className={buttonClasses("primary")}>
            Back to Overview
          </Link>
          <Link href="/settings" className={buttonClasses("secondary")}>
            Settings
          </Link>
        </div>
      </div>
    </main>
  );
}
